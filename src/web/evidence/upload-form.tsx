/**
 * Taking a file in as evidence, for the executing officer of the requested State: the file, where
 * it came from and how it was acquired (what the signed manifest records), then the upload with its
 * progress announced, and a way to stop it. The node encrypts and seals the file as it arrives.
 */
import { type FormEvent, useId, useRef, useState } from "react";
import { useI18n } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/messages/index.js";
import { errorText, formatSize } from "./evidence-format.js";
import { type AcquisitionDetails, SOURCE_KINDS, type SourceKind } from "./evidence-types.js";
import { UploadCancelled, UploadGaveUp, type UploadProgress, uploadFile } from "./upload-file.js";

const SOURCE_LABELS: Readonly<Record<SourceKind, MessageKey>> = {
  custodian: "evidence.source.custodian",
  "service-provider": "evidence.source.serviceProvider",
  system: "evidence.source.system",
  other: "evidence.source.other",
};

const EMPTY: AcquisitionDetails = {
  sourceKind: "service-provider",
  sourceName: "",
  system: "",
  method: "",
  acquiredAt: "",
};

type Outcome = { kind: "status" | "alert"; text: string };

const PHASE_TEXT: Readonly<Record<UploadProgress["phase"], MessageKey>> = {
  starting: "evidence.upload.starting",
  sending: "evidence.upload.sending",
  retrying: "evidence.upload.retrying",
  resuming: "evidence.upload.resuming",
  completing: "evidence.upload.completing",
  done: "evidence.upload.complete",
};

export function UploadForm(props: {
  requestId: string;
  /** After an upload ends, sealed or stopped: either way the list of items changed. */
  onUploaded(): void;
}) {
  const { t, number } = useI18n();
  const id = useId();
  const [file, setFile] = useState<File | undefined>();
  const [details, setDetails] = useState(EMPTY);
  const [progress, setProgress] = useState<UploadProgress | undefined>();
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);
  const set = (change: Partial<AcquisitionDetails>) => setDetails((current) => ({ ...current, ...change }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (file === undefined) return setOutcome({ kind: "alert", text: t("evidence.upload.chooseFile") });
    if (details.sourceName.trim() === "" || details.method.trim() === "")
      return setOutcome({ kind: "alert", text: t("evidence.upload.required") });
    const controller = new AbortController();
    abort.current = controller;
    setOutcome(undefined);
    setRunning(true);
    try {
      const view = await uploadFile({
        requestId: props.requestId,
        file,
        details,
        signal: controller.signal,
        onProgress: setProgress,
      });
      setFile(undefined);
      setDetails(EMPTY);
      if (fileInput.current !== null) fileInput.current.value = "";
      const message = t("evidence.upload.done", { name: view.fileName, sha256: view.sha256 ?? "" });
      setProgress({ phase: "done", sent: view.size ?? file.size, total: view.size ?? file.size });
      setOutcome({ kind: "status", text: message });
      props.onUploaded();
    } catch (error) {
      const cancelled = error instanceof UploadCancelled;
      let text = cancelled ? t("evidence.upload.cancelled") : errorText(t, error);
      if (error instanceof UploadGaveUp)
        text = t("evidence.upload.gaveUp", { attempts: number(error.attempts), detail: error.lastFailure });
      setOutcome({ kind: cancelled ? "status" : "alert", text });
      setProgress(undefined);
      // An upload may have been started before it stopped: the list shows it as incomplete.
      props.onUploaded();
    } finally {
      setRunning(false);
      abort.current = undefined;
    }
  }

  const percent = progress === undefined || progress.total === 0 ? 1 : progress.sent / progress.total;
  const phaseText = (shown: UploadProgress): string => {
    if (shown.phase !== "retrying" || shown.retry === undefined) return t(PHASE_TEXT[shown.phase]);
    const { attempt, attempts, delayMs } = shown.retry;
    return t("evidence.upload.retrying", {
      delay: number(delayMs / 1000, { style: "unit", unit: "second", unitDisplay: "long" }),
      attempt: number(attempt),
      attempts: number(attempts),
    });
  };
  // The live region changes with the phase and at each quarter, not with every 8 MiB piece, which a
  // screen reader would read out each time; the progress bar keeps the exact value.
  const quarter = Math.floor(percent * 4) / 4;

  return (
    <form className="evidence-upload panel" onSubmit={submit} aria-labelledby={`${id}-heading`} noValidate>
      <h3 id={`${id}-heading`}>{t("evidence.upload.title")}</h3>
      <p className="hint">{t("evidence.upload.hint")}</p>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t("evidence.upload.file")}</label>
        <input
          id={`${id}-file`}
          ref={fileInput}
          type="file"
          disabled={running}
          onChange={(event) => setFile(event.target.files?.[0])}
        />
        {file !== undefined && (
          <p className="hint">
            {t("evidence.upload.chosen", { name: file.name, size: formatSize(file.size, number) })}
          </p>
        )}
      </div>
      <div className="evidence-upload-grid">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t("evidence.upload.sourceKind")}</label>
          <select
            id={`${id}-kind`}
            value={details.sourceKind}
            disabled={running}
            onChange={(event) => set({ sourceKind: event.target.value as SourceKind })}
          >
            {SOURCE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(SOURCE_LABELS[kind])}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${id}-source`}
          label={t("evidence.upload.sourceName")}
          hint={t("evidence.upload.sourceNameHint")}
          required
          value={details.sourceName}
          disabled={running}
          onChange={(sourceName) => set({ sourceName })}
        />
        <TextField
          id={`${id}-system`}
          label={t("evidence.upload.system")}
          value={details.system}
          disabled={running}
          onChange={(system) => set({ system })}
        />
        <TextField
          id={`${id}-method`}
          label={t("evidence.upload.method")}
          hint={t("evidence.upload.methodHint")}
          required
          value={details.method}
          disabled={running}
          onChange={(method) => set({ method })}
        />
        <div className="field">
          <label htmlFor={`${id}-at`}>{t("evidence.upload.acquiredAt")}</label>
          <input
            id={`${id}-at`}
            type="datetime-local"
            value={details.acquiredAt}
            disabled={running}
            aria-describedby={`${id}-at-hint`}
            onChange={(event) => set({ acquiredAt: event.target.value })}
          />
          <p id={`${id}-at-hint`} className="hint">
            {t("evidence.upload.acquiredAtHint")}
          </p>
        </div>
      </div>
      {progress !== undefined && (
        <div className="field">
          <label htmlFor={`${id}-progress`}>{t("evidence.upload.progress")}</label>
          <progress id={`${id}-progress`} max={1} value={percent} />
        </div>
      )}
      <p role="status" className="evidence-upload-status">
        {progress !== undefined &&
          `${phaseText(progress)} ${t("evidence.upload.progressStep", {
            percent: number(quarter, { style: "percent" }),
            total: formatSize(progress.total, number),
          })}`}
        {!running && outcome?.kind === "status" && ` ${outcome.text}`}
      </p>
      {outcome?.kind === "alert" && (
        <p role="alert" className="error-text">
          {outcome.text}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={running}>
          {t("evidence.upload.button")}
        </button>
        {running && (
          <button type="button" className="danger" onClick={() => abort.current?.abort()}>
            {t("evidence.upload.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}

function TextField(props: {
  id: string;
  label: string;
  hint?: string;
  required?: boolean;
  value: string;
  disabled: boolean;
  onChange(value: string): void;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={props.id}>
        {props.label}
        {props.required === true && <span className="required"> ({t("evidence.required")})</span>}
      </label>
      <input
        id={props.id}
        type="text"
        value={props.value}
        maxLength={200}
        required={props.required}
        disabled={props.disabled}
        aria-describedby={props.hint === undefined ? undefined : `${props.id}-hint`}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.hint !== undefined && (
        <p id={`${props.id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}
