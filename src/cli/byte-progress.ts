/**
 * A progress bar for bytes moved by a long command (evidence add and export): how far, how fast
 * (MiB/s over this run) and the time left. On standard error, so standard output keeps only the
 * results a script reads. Shown on a terminal, or anywhere when asked (`--progress`): off a terminal
 * it prints one line every half second instead of redrawing, which is what a log or a test reads.
 */
import { Presets, SingleBar } from "cli-progress";

const MIB = 1024 * 1024;
/** Off a terminal, a line this often: often enough to follow a large file, rare enough for a log. */
const LINE_EVERY_MS = 500;

export type ByteProgress = { update(bytes: number): void; stop(): void };

const SILENT: ByteProgress = { update: () => undefined, stop: () => undefined };

export const wantsProgress = (asked: boolean | undefined): boolean =>
  asked === true || process.stderr.isTTY === true;

/** Starts a bar for `total` bytes of which `from` are already done (a resumed upload). */
export function startByteProgress(label: string, total: number, from: number, shown: boolean): ByteProgress {
  if (!shown || total === 0) return SILENT;
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% {done}/{size} MiB | {speed} MiB/s | ETA {eta_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: LINE_EVERY_MS,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  const began = Date.now();
  const payload = (bytes: number) => {
    const seconds = (Date.now() - began) / 1000;
    return {
      done: (bytes / MIB).toFixed(1),
      size: (total / MIB).toFixed(1),
      speed: seconds > 0 ? ((bytes - from) / MIB / seconds).toFixed(1) : "0.0",
    };
  };
  bar.start(total, from, payload(from));
  return {
    update: (bytes) => bar.update(bytes, payload(bytes)),
    stop: () => bar.stop(),
  };
}
