/** Shows a loading or failed answer the same way on every screen; renders `children` once ready. */
import type { ReactNode } from "react";
import { useI18n } from "../i18n/i18n.js";
import type { Loaded } from "./use-api.js";

export function ShowLoaded<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (loaded.status === "loading") return <p aria-busy="true">{t("app.loading")}</p>;
  if (loaded.status === "error")
    return (
      <div role="alert" className="error">
        <p>{t("app.error", { detail: loaded.error.detail })}</p>
        <button type="button" onClick={loaded.reload}>
          {t("app.retry")}
        </button>
      </div>
    );
  return <>{children(loaded.data)}</>;
}
