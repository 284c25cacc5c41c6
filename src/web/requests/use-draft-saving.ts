/**
 * Saving a draft: the first save creates it (the wizard opens the case first), every later one
 * replaces the document at the version last read, so two officers editing at once cannot
 * overwrite each other unawares; a conflict offers to reload. Submitting saves, then asks the node
 * to submit at the version just saved.
 */
import { useState } from "react";
import { api } from "../app/api.js";
import type { RequestDetail, RequestView } from "../app/api-types.js";
import { useI18n } from "../i18n/i18n.js";
import type { DraftDocument } from "./document-model.js";

export type Stored = { id: string; version: number };

export type SavingOptions = {
  stored: Stored | undefined;
  /** Creates the draft on its first save. */
  create: ((document: DraftDocument) => Promise<RequestView>) | undefined;
  onSaved: ((record: RequestView) => void) | undefined;
  onSubmitted(id: string): void;
  /** The stored draft as the node has it now, after a conflict. */
  onReloaded(detail: RequestDetail): void;
};

export function useDraftSaving(options: SavingOptions) {
  const { t } = useI18n();
  const [stored, setStored] = useState<Stored | undefined>(options.stored);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [problem, setProblem] = useState<unknown>();

  async function save(document: DraftDocument): Promise<RequestView | undefined> {
    setProblem(undefined);
    setNotice(undefined);
    try {
      let record: RequestView;
      if (stored) {
        record = await api<RequestView>("PUT", `/requests/${stored.id}/document`, {
          document,
          expectedVersion: stored.version,
        });
      } else if (options.create) {
        record = await options.create(document);
      } else {
        throw new Error("a new draft needs a way to create it");
      }
      setStored({ id: record.id, version: record.version });
      options.onSaved?.(record);
      setNotice(t("requests.form.saved", { reference: record.reference }));
      return record;
    } catch (error) {
      setProblem(error);
      return undefined;
    }
  }

  async function run<T>(work: () => Promise<T>): Promise<T> {
    setBusy(true);
    try {
      return await work();
    } finally {
      setBusy(false);
    }
  }

  return {
    stored,
    busy,
    notice,
    problem,
    save: (document: DraftDocument) => run(() => save(document)),
    submit: (document: DraftDocument) =>
      run(async () => {
        const record = await save(document);
        if (!record) return;
        try {
          await api("POST", `/requests/${record.id}/actions/submit`, { expectedVersion: record.version });
          options.onSubmitted(record.id);
        } catch (error) {
          setNotice(undefined);
          setProblem(error);
        }
      }),
    reload: () =>
      run(async () => {
        if (!stored) return;
        try {
          const detail = await api<RequestDetail>("GET", `/requests/${stored.id}`);
          setStored({ id: detail.id, version: detail.version });
          setProblem(undefined);
          setNotice(t("requests.form.reloaded"));
          options.onReloaded(detail);
        } catch (error) {
          setProblem(error);
        }
      }),
  };
}
