/** Loads a GET answer for a screen, with loading and error states and a way to load it again. */
import { useCallback, useEffect, useState } from "react";
import { ApiError, api } from "./api.js";

export type Loaded<T> =
  | { status: "loading"; reload(): void }
  | { status: "error"; error: ApiError; reload(): void }
  | { status: "ready"; data: T; reload(): void };

export function useApi<T>(path: string | undefined): Loaded<T> {
  const [state, setState] = useState<
    { status: "loading" } | { status: "error"; error: ApiError } | { status: "ready"; data: T }
  >({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the reload trigger.
  useEffect(() => {
    if (path === undefined) return;
    let current = true;
    api<T>("GET", path).then(
      (data) => current && setState({ status: "ready", data }),
      (error: unknown) =>
        current &&
        setState({
          status: "error",
          error: error instanceof ApiError ? error : new ApiError(0, "NETWORK", String(error), {}),
        }),
    );
    return () => {
      current = false;
    };
  }, [path, generation]);

  return { ...state, reload } as Loaded<T>;
}
