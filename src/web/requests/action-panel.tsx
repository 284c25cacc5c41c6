/**
 * The actions this person may take on the request — exactly those the node lists, never derived
 * here — one button each; pressing one opens its form below the buttons.
 */
import { useId, useState } from "react";
import type { RequestDetail, RequestView } from "../app/api-types.js";
import { useI18n } from "../i18n/i18n.js";
import { ActionForm } from "./action-form.js";
import { GRAVE_ACTIONS } from "./action-needs.js";
import { useWords } from "./request-words.js";
import type { Pack } from "./treaty-data.js";

export function ActionPanel(props: {
  detail: RequestDetail;
  pack: Pack;
  /** Actions offered elsewhere on the page (a draft's "Submit for approval" sits under its form). */
  hidden: readonly string[];
  onDone(action: string, record: RequestView): void;
  onReload(): void;
}) {
  const { t } = useI18n();
  const words = useWords();
  const headingId = useId();
  const [open, setOpen] = useState<string | undefined>();
  const actions = props.detail.actions.filter((action) => !props.hidden.includes(action));
  const close = (action: string) => {
    setOpen(undefined);
    // Back to the button that opened the form, so the keyboard user is where they were.
    document.getElementById(`${headingId}-${action}`)?.focus();
  };
  return (
    <section aria-labelledby={headingId} className="request-actions">
      <h2 id={headingId}>{t("requests.actions.title")}</h2>
      {actions.length === 0 ? (
        <p>{t("requests.actions.none")}</p>
      ) : (
        <div className="actions">
          {actions.map((action) => (
            <button
              key={action}
              id={`${headingId}-${action}`}
              type="button"
              className={GRAVE_ACTIONS.has(action) ? "danger" : undefined}
              aria-expanded={open === action}
              onClick={() => setOpen(action)}
            >
              {words.action(action)}
            </button>
          ))}
        </div>
      )}
      {open !== undefined && actions.includes(open) && (
        <ActionForm
          key={open}
          action={open}
          detail={props.detail}
          pack={props.pack}
          onCancel={() => close(open)}
          onSwitch={setOpen}
          onDone={(record) => {
            setOpen(undefined);
            props.onDone(open, record);
          }}
          onReload={props.onReload}
        />
      )}
    </section>
  );
}
