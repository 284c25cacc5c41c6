/**
 * A progress bar for bytes moved by a long command (evidence add and export): how far, how fast
 * (MiB/s over this run) and the time left. On standard error, so standard output keeps only the
 * results a script reads. Shown on a terminal, or anywhere when asked (`--progress`): off a terminal
 * it prints lines instead of redrawing — the first as soon as some bytes are done, then at most one
 * every half second — which is what a log, or a test waiting for the first stored bytes, reads.
 */
import { Presets, SingleBar } from "cli-progress";

const MIB = 1024 * 1024;
/** Off a terminal, a line this often: often enough to follow a large file, rare enough for a log. */
const LINE_EVERY_MS = 500;
const BAR_WIDTH = 40;

export type ByteProgress = { update(bytes: number): void; stop(): void };

const SILENT: ByteProgress = { update: () => undefined, stop: () => undefined };

export const wantsProgress = (asked: boolean | undefined): boolean =>
  asked === true || process.stderr.isTTY === true;

/** Starts a bar for `total` bytes of which `from` are already done (a resumed upload). */
export function startByteProgress(label: string, total: number, from: number, shown: boolean): ByteProgress {
  if (!shown || total === 0) return SILENT;
  const began = Date.now();
  const figures = (bytes: number) => {
    const seconds = (Date.now() - began) / 1000;
    const speed = seconds > 0 ? (bytes - from) / MIB / seconds : 0;
    return {
      // The label goes in as a value, never into the format: a file name may hold `{…}`.
      label,
      done: (bytes / MIB).toFixed(1),
      size: (total / MIB).toFixed(1),
      speed: speed.toFixed(1),
      left: speed > 0 ? `${Math.ceil((total - bytes) / MIB / speed)}s` : "?",
    };
  };
  if (process.stderr.isTTY !== true) return plainLines(total, figures);
  const bar = new SingleBar(
    {
      format: "{label} [{bar}] {percentage}% {done}/{size} MiB | {speed} MiB/s | ETA {eta_formatted}",
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, from, figures(from));
  return {
    update: (bytes) => bar.update(bytes, figures(bytes)),
    stop: () => bar.stop(),
  };
}

/** Off a terminal: plain lines, the first when bytes are first done, then at most one per half second. */
function plainLines(
  total: number,
  figures: (bytes: number) => Record<"label" | "done" | "size" | "speed" | "left", string>,
): ByteProgress {
  let last = 0;
  let printed = 0;
  let printedAt: number | undefined;
  const print = (bytes: number) => {
    const f = figures(bytes);
    const filled = Math.round((bytes / total) * BAR_WIDTH);
    const bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
    const percent = Math.floor((bytes / total) * 100);
    process.stderr.write(
      `${f.label} [${bar}] ${percent}% ${f.done}/${f.size} MiB | ${f.speed} MiB/s | ETA ${f.left}\n`,
    );
    printed = bytes;
    printedAt = Date.now();
  };
  return {
    update: (bytes) => {
      last = bytes;
      if (printedAt === undefined || Date.now() - printedAt >= LINE_EVERY_MS) print(bytes);
    },
    stop: () => {
      // The final figures, unless the last line showed them already.
      if (printedAt !== undefined && printed !== last) print(last);
    },
  };
}
