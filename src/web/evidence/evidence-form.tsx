/**
 * What every evidence step's form shares: its heading takes the focus when it opens (the button
 * that opened it stays behind, so a keyboard or screen reader user lands in the form), the node is
 * called with the buttons held while it works, and a refusal shows as an alert in the reader's
 * language. `EvidenceForm` is the whole frame for a form with one confirm button; a form with other
 * buttons uses the hooks.
 */
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../i18n/i18n.js";
import { errorText } from "./evidence-format.js";

/** Runs a call for a form: busy while it runs, the node's refusal kept as text if it fails. */
export function useSending() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (failure) {
      setError(errorText(t, failure));
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

export function useFocusedHeading() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

export function FormError({ error }: { error: string | undefined }) {
  if (error === undefined) return null;
  return (
    <p role="alert" className="error-text">
      {error}
    </p>
  );
}

export function EvidenceForm(props: {
  heading: string;
  /** h3 in the item table and the export, h4 inside the consents section. */
  level?: 3 | 4;
  confirmLabel: string;
  /** Asked before calling the node: what is missing, shown instead, or undefined to go on. */
  check?(): string | undefined;
  onConfirm(): Promise<void>;
  onCancel(): void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const id = useId();
  const heading = useFocusedHeading();
  const { busy, error, setError, run } = useSending();
  const Heading = props.level === 4 ? "h4" : "h3";

  function submit(event: FormEvent) {
    event.preventDefault();
    const missing = props.check?.();
    if (missing !== undefined) return setError(missing);
    void run(props.onConfirm);
  }

  return (
    <form className="evidence-form panel" onSubmit={submit} aria-labelledby={id} noValidate>
      <Heading id={id} ref={heading} tabIndex={-1}>
        {props.heading}
      </Heading>
      {props.children}
      <FormError error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("evidence.working") : props.confirmLabel}
        </button>
        <button type="button" onClick={props.onCancel} disabled={busy}>
          {t("action.cancel")}
        </button>
      </div>
    </form>
  );
}
