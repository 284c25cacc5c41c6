/**
 * Trying a call of an upload again when it failed for a passing reason — the line dropped, the node
 * or a proxy was briefly unable (5xx), too slow (408) or asked us to slow down (429) — after a
 * growing pause, then giving up with a clear message. Any other refusal is the node's answer and is
 * final. Cancelling stops at once while waiting; a call under way is let finish (`call()` takes no
 * AbortSignal), and the upload stops before the next one.
 */
import { ApiError } from "../app/api.js";

/** The pauses before each new attempt: six attempts over about a quarter of a minute. */
export const RETRY_DELAYS_MS: readonly number[] = [500, 1000, 2000, 4000, 8000];

export class UploadCancelled extends Error {}

/** The node could not be reached, or stayed unable, through every attempt. */
export class UploadGaveUp extends Error {
  constructor(
    readonly attempts: number,
    /** What the last attempt failed with, as it said it. */
    readonly lastFailure: string,
  ) {
    super(`gave up after ${attempts} attempts: ${lastFailure}`);
  }
}

export type RetryNotice = { attempt: number; attempts: number; delayMs: number };

/** Worth another attempt: no answer at all (fetch's network error), or one that says "not now". */
export function isPassing(error: unknown): boolean {
  if (error instanceof UploadCancelled) return false;
  if (!(error instanceof ApiError)) return true;
  return error.status >= 500 || error.status === 408 || error.status === 429;
}

/** Waits `ms`, or rejects with UploadCancelled as soon as the signal fires. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new UploadCancelled());
    const stop = () => {
      clearTimeout(timer);
      reject(new UploadCancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve();
    }, ms);
    signal.addEventListener("abort", stop, { once: true });
  });
}

/**
 * Runs `attempt` until it succeeds, fails for good, or has failed for passing reasons after every
 * pause of RETRY_DELAYS_MS. `attempt` is told whether it is a retry, so it can first ask the node
 * where things stand.
 */
export async function retrying<T>(
  signal: AbortSignal,
  onRetry: (notice: RetryNotice) => void,
  attempt: (isRetry: boolean) => Promise<T>,
): Promise<T> {
  const attempts = RETRY_DELAYS_MS.length + 1;
  for (let failures = 0; ; failures++) {
    if (signal.aborted) throw new UploadCancelled();
    try {
      return await attempt(failures > 0);
    } catch (error) {
      if (!isPassing(error)) throw error;
      const delayMs = RETRY_DELAYS_MS[failures];
      if (delayMs === undefined)
        throw new UploadGaveUp(attempts, error instanceof Error ? error.message : String(error));
      onRetry({ attempt: failures + 2, attempts, delayMs });
      await pause(delayMs, signal);
    }
  }
}
