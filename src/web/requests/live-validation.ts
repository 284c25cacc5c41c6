/**
 * Live validation: a moment after the officer stops typing (400 ms), the node checks the draft
 * against the pack and both States' declarations. The findings shown stay until the new ones
 * arrive, so the form does not flicker; an answer to an older draft is ignored.
 */
import { useEffect, useState } from "react";
import { ApiError, api } from "../app/api.js";
import type { Finding, ValidationResult } from "../app/api-types.js";
import type { DraftDocument } from "./document-model.js";

const PAUSE_MS = 400;

export type LiveValidation = { findings: readonly Finding[]; checking: boolean; error: ApiError | undefined };

export function useLiveValidation(treaty: string, document: DraftDocument | undefined): LiveValidation {
  const [state, setState] = useState<LiveValidation>({ findings: [], checking: false, error: undefined });
  const key = document === undefined ? undefined : JSON.stringify(document);

  useEffect(() => {
    if (key === undefined) {
      setState({ findings: [], checking: false, error: undefined });
      return;
    }
    let current = true;
    setState((previous) => ({ ...previous, checking: true }));
    const timer = setTimeout(() => {
      api<ValidationResult>("POST", "/validate", { treaty, document: JSON.parse(key) }).then(
        (result) => current && setState({ findings: result.findings, checking: false, error: undefined }),
        (error: unknown) =>
          current &&
          setState((previous) => ({
            findings: previous.findings,
            checking: false,
            error: error instanceof ApiError ? error : new ApiError(0, "NETWORK", String(error), {}),
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
