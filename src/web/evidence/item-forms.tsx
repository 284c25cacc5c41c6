/**
 * The four-eyes steps on an item acquired here: a supervisor (not the uploader) reviews it, with an
 * optional note kept in its custody, then releases it, which sends it to the requesting State and
 * cannot be undone; so each asks once more before the node is called.
 */
import { useId, useState } from "react";
import { api } from "../app/api.js";
import { useI18n } from "../i18n/i18n.js";
import { EvidenceForm } from "./evidence-form.js";
import type { EvidenceItem } from "./evidence-types.js";

type StepProps = { item: EvidenceItem; onDone(message: string): void; onCancel(): void };

export function ReviewForm({ item, onDone, onCancel }: StepProps) {
  const { t } = useI18n();
  const id = useId();
  const [note, setNote] = useState("");
  return (
    <EvidenceForm
      heading={t("evidence.review.title", { name: item.fileName })}
      confirmLabel={t("evidence.review.confirm")}
      onCancel={onCancel}
      onConfirm={async () => {
        const trimmed = note.trim();
        await api(
          "POST",
          `/evidence/${encodeURIComponent(item.id)}/review`,
          trimmed === "" ? {} : { note: trimmed },
        );
        onDone(t("evidence.review.done", { name: item.fileName }));
      }}
    >
      <p>{t("evidence.review.explain")}</p>
      <div className="field">
        <label htmlFor={id}>{t("evidence.review.note")}</label>
        <textarea id={id} value={note} maxLength={2000} onChange={(event) => setNote(event.target.value)} />
      </div>
    </EvidenceForm>
  );
}

export function ReleaseForm({ item, to, onDone, onCancel }: StepProps & { to: string }) {
  const { t } = useI18n();
  return (
    <EvidenceForm
      heading={t("evidence.release.title", { name: item.fileName })}
      confirmLabel={t("evidence.release.confirm")}
      onCancel={onCancel}
      onConfirm={async () => {
        await api("POST", `/evidence/${encodeURIComponent(item.id)}/release`, {});
        onDone(t("evidence.release.done", { name: item.fileName, state: to }));
      }}
    >
      <p>{t("evidence.release.explain", { state: to })}</p>
    </EvidenceForm>
  );
}
