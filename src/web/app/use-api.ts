/**
 * Loads a GET answer for a screen, with loading and error states and a way to load it again.
 * The answer is kept with the path it answers: when the path changes (request A, then request B)
 * the screen sees "loading", never A's data under B. A load refused because the session had ended
 * runs again by itself once the person has signed in again in the session dialog.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError, api } from "./api.js";
import { useSessionRenewals } from "./session.js";

export type Loaded<T> =
  | { status: "loading"; reload(): void }
  | { status: "error"; error: ApiError; reload(): void }
  | { status: "ready"; data: T; reload(): void };

type Answer<T> = { path: string } & ({ status: "error"; error: ApiError } | { status: "ready"; data: T });

export function useApi<T>(path: string | undefined): Loaded<T> {
  const [answer, setAnswer] = useState<Answer<T>>();
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const renewals = useSessionRenewals();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the reload trigger.
  useEffect(() => {
    if (path === undefined) return;
    let current = true;
    api<T>("GET", path).then(
      (data) => current && setAnswer({ path, status: "ready", data }),
      (error: unknown) =>
        current &&
        setAnswer({
          path,
          status: "error",
          error: error instanceof ApiError ? error : new ApiError(0, "NETWORK", String(error), {}),
        }),
    );
    return () => {
      current = false;
    };
  }, [path, generation]);

  const refusedForSession = answer?.status === "error" && answer.error.status === 401;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a renewed session is the trigger.
  useEffect(() => {
    if (refusedForSession) reload();
  }, [renewals]);

  if (path === undefined || answer === undefined || answer.path !== path)
    return { status: "loading", reload };
  if (answer.status === "error") return { status: "error", error: answer.error, reload };
  return { status: "ready", data: answer.data, reload };
}
