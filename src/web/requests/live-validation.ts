/**
 * Live validation: a moment after the officer stops typing (400 ms), the node checks the draft
 * against the pack and both States' declarations. The findings shown stay until the new ones
 * arrive, so the form does not flicker; an answer to an older draft is ignored.
 */
import { useEffect, useState } from "react";
import { type ApiError, api } from "../app/api.js";
import type { Finding, ValidationResult } from "../app/api-types.js";
import type { DraftDocument } from "./document-model.js";
import { asApiError } from "./problem-text.js";

const PAUSE_MS = 400;

export type LiveValidation = {
  findings: readonly Finding[];
  /** False until the node has answered once: before that, no findings means "not yet known". */
  checked: boolean;
  checking: boolean;
  error: ApiError | undefined;
};

const NOTHING_YET: LiveValidation = { findings: [], checked: false, checking: false, error: undefined };

export function useLiveValidation(treaty: string, document: DraftDocument | undefined): LiveValidation {
  const [state, setState] = useState<LiveValidation>(NOTHING_YET);
  const key = document === undefined ? undefined : JSON.stringify(document);

  useEffect(() => {
    if (key === undefined) {
      setState(NOTHING_YET);
      return;
    }
    let current = true;
    setState((previous) => ({ ...previous, checking: true }));
    const timer = setTimeout(() => {
      api<ValidationResult>("POST", "/validate", { treaty, document: JSON.parse(key) }).then(
        (result) =>
          current &&
          setState({ findings: result.findings, checked: true, checking: false, error: undefined }),
        (error: unknown) =>
          current &&
          setState((previous) => ({
            ...previous,
            checking: false,
            error: asApiError(error),
          })),
      );
    }, PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [treaty, key]);

  return state;
}
