/**
 * The newest signed tree head: the node's signed statement "this is my whole ledger at this size".
 * It says whether later entries exist that no head covers yet, and lets auditors and
 * administrators sign one now. The browser does not check the Ed25519 signature itself; the page
 * says so and names the command that does.
 */
import { useState } from "react";
import type { TreeHead } from "../admin/admin-types.js";
import { ApiErrorAlert, asApiError } from "../admin/api-error.js";
import { type ApiError, api } from "../app/api.js";
import { useSignedIn } from "../app/session.js";
import { useI18n } from "../i18n/i18n.js";

/** Roles with `ledger.sign` (src/cases/permissions.ts); the node checks again. */
const SIGNERS: readonly string[] = ["auditor", "administrator"];

type Props = { head: TreeHead; uncovered: boolean; onSigned(head: TreeHead): void };

export function TreeHeadPanel({ head, uncovered, onSigned }: Props) {
  const { t, dateTime, number } = useI18n();
  const { user } = useSignedIn();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [announcement, setAnnouncement] = useState("");
  const signedAt = new Date(head.timestamp).toISOString();

  async function sign() {
    setBusy(true);
    setError(undefined);
    setAnnouncement("");
    try {
      const signed = await api<TreeHead>("POST", "/ledger/heads");
      setAnnouncement(t("audit.head.signed", { size: number(signed.size) }));
      onSigned(signed);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="tree-head-heading" className="panel">
      <h2 id="tree-head-heading">{t("audit.head.heading")}</h2>
      <dl className="facts">
        <dt>{t("audit.head.log")}</dt>
        <dd>
          <code translate="no">{head.logId}</code>
        </dd>
        <dt>{t("audit.head.size")}</dt>
        <dd>{number(head.size)}</dd>
        <dt>{t("audit.head.root")}</dt>
        <dd>
          <code className="hash" translate="no">
            {head.root}
          </code>
        </dd>
        <dt>{t("audit.head.time")}</dt>
        <dd>
          <time dateTime={signedAt}>{dateTime(signedAt)}</time>
        </dd>
        <dt>{t("audit.head.signature")}</dt>
        <dd>
          {t("audit.head.signatureStatus")}
          <details>
            <summary>{t("audit.head.showSignature")}</summary>
            <code className="hash" translate="no">
              {head.signature}
            </code>
          </details>
        </dd>
      </dl>
      <p className={uncovered ? "warning-text" : "ok-text"}>
        {t(uncovered ? "audit.head.uncovered" : "audit.head.covered", { size: number(head.size) })}
      </p>
      <p className="hint">
        {t("audit.head.verifyHint")} <code translate="no">rogatory ledger verify --data DIR</code>
      </p>
      {SIGNERS.includes(user.role) ? (
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void sign()}>
            {t("audit.head.signNow")}
          </button>
        </div>
      ) : null}
      <p role="status">{announcement}</p>
      <ApiErrorAlert error={error} />
    </section>
  );
}
