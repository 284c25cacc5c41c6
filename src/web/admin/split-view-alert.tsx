/**
 * A peer caught signing two histories of its ledger: the strongest warning this node can give,
 * since that State may have shown different records to different partners. It is an alert, in
 * words and not only in colour, with the two heads side by side as evidence.
 */
import { useI18n } from "../i18n/i18n.js";
import type { HeadEvidence, SplitView } from "./admin-types.js";
import { Fingerprint } from "./fingerprint.js";

function HeadRow({ label, head }: { label: string; head: HeadEvidence }) {
  const { dateTime, number } = useI18n();
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{number(head.size)}</td>
      <td>
        <Fingerprint value={head.root} />
      </td>
      <td>
        <time dateTime={new Date(head.timestamp).toISOString()}>
          {dateTime(new Date(head.timestamp).toISOString())}
        </time>
      </td>
      <td>
        <time dateTime={head.receivedAt}>{dateTime(head.receivedAt)}</time>
      </td>
    </tr>
  );
}

export function SplitViewAlert({ state, split }: { state: string; split: SplitView }) {
  const { t, dateTime, number } = useI18n();
  return (
    <div role="alert" className="split-view">
      <p>
        <strong>{t("admin.split.title", { state })}</strong>
      </p>
      <p>{t("admin.split.detected", { when: dateTime(split.detectedAt), reason: split.reason })}</p>
      <table>
        <caption>{t("admin.split.caption", { state })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.split.head")}</th>
            <th scope="col">{t("admin.split.size")}</th>
            <th scope="col">{t("admin.split.root")}</th>
            <th scope="col">{t("admin.split.signedAt")}</th>
            <th scope="col">{t("admin.split.receivedAt")}</th>
          </tr>
        </thead>
        <tbody>
          <HeadRow label={t("admin.split.first")} head={split.firstHead} />
          <HeadRow label={t("admin.split.second")} head={split.secondHead} />
        </tbody>
      </table>
      <p>
        {split.proof === null ? t("admin.split.noProof") : t("admin.split.proofKept")}{" "}
        {t("admin.split.ledger", { index: number(split.ledgerIndex) })}
      </p>
      <p>{t("admin.split.advice", { state })}</p>
    </div>
  );
}
