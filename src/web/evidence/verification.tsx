/**
 * Where an item stands as evidence: verified (received and read back against the signed manifest,
 * or sealed here), failed and why (a received file that contradicts its manifest), or how far its
 * chunks have come. Said in words, never by colour alone.
 */

import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages/index.js";
import type { EvidenceItem } from "./evidence-types.js";

const STATE_LABELS: Readonly<Record<string, MessageKey>> = {
  uploading: "evidence.itemState.uploading",
  sealed: "evidence.itemState.sealed",
  reviewed: "evidence.itemState.reviewed",
  transmitted: "evidence.itemState.transmitted",
  receiving: "evidence.itemState.receiving",
  received: "evidence.itemState.received",
  refused: "evidence.itemState.refused",
};

export function ItemState({ state }: { state: string }) {
  const { t } = useI18n();
  const key = STATE_LABELS[state];
  return <span className="badge">{key === undefined ? state : t(key)}</span>;
}

export function Verification({ item }: { item: EvidenceItem }) {
  const { t, number } = useI18n();
  const why = item.lastFetchError ?? t("evidence.verification.noReason");
  switch (item.state) {
    case "received":
      return (
        <span className="verification ok-text">
          <span aria-hidden="true">✓ </span>
          {t("evidence.verification.verified")}
        </span>
      );
    case "refused":
      return (
        <span className="verification error-text">
          <span aria-hidden="true">✗ </span>
          {t("evidence.verification.failed", { why })}
        </span>
      );
    case "receiving":
      return (
        <span className="verification">
          {t("evidence.verification.receiving", {
            present: number(item.chunks.present),
            total: number(item.chunks.total),
          })}
          {item.lastFetchError !== null && (
            <span className="warning-text verification-retry">
              {t("evidence.verification.retrying", { why: item.lastFetchError })}
            </span>
          )}
        </span>
      );
    case "uploading":
      return <span className="verification">{t("evidence.verification.uploading")}</span>;
    case "sealed":
    case "reviewed":
    case "released":
    case "transmitted":
      return (
        <span className="verification ok-text">
          <span aria-hidden="true">✓ </span>
          {t("evidence.verification.sealedHere")}
        </span>
      );
    default:
      // A state this UI does not know (a newer node's) claims nothing: it is shown as it is.
      return <span className="verification">{item.state}</span>;
  }
}
