/**
 * Small helpers shared by the benchmarks: timing, percentiles, a bounded-concurrency driver and
 * plain-text tables. Benchmarks print figures; nothing here asserts on time.
 */
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { SingleBar } from "cli-progress";
import pg from "pg";

/** One measured figure, for the summary table of `bench/run.ts`. */
export type Figure = { bench: string; metric: string; value: number; unit: string };

export const now = (): number => performance.now();

/** The q-quantile (0..1) of `samples` by nearest rank; NaN when there are none. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = samples.toSorted((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** `count` units of work in `seconds`; percentiles (ms) over `samples`, one per timed operation. */
export type Timed = {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  samples: readonly number[];
};

/** Summarises per-operation latencies (ms) and the wall time (ms) they took together. */
export function summarise(latencies: readonly number[], wallMs: number, count = latencies.length): Timed {
  return {
    count,
    seconds: wallMs / 1000,
    perSecond: count / (wallMs / 1000),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    samples: latencies,
  };
}

/** Several runs of the same thing as one: times add up, samples are pooled, `count` is scaled by `unitsPerOp`. */
export function combine(parts: readonly Timed[], unitsPerOp = 1): Timed {
  const samples = parts.flatMap((p) => p.samples);
  const wallMs = parts.reduce((sum, p) => sum + p.seconds * 1000, 0);
  return summarise(samples, wallMs, parts.reduce((sum, p) => sum + p.count, 0) * unitsPerOp);
}

/** Runs `op` `count` times one after another, timing each. */
export async function timeSequential(count: number, op: (i: number) => Promise<unknown>): Promise<Timed> {
  const latencies: number[] = [];
  const start = now();
  for (let i = 0; i < count; i++) {
    const t = now();
    await op(i);
    latencies.push(now() - t);
  }
  return summarise(latencies, now() - start);
}

/**
 * Runs `op` with at most `concurrency` in flight until `maxOps` have finished or `maxMs` have
 * passed, whichever comes first. The first failure stops the run and is rethrown.
 */
export async function timeConcurrent(
  options: { concurrency: number; maxOps: number; maxMs: number },
  op: (i: number) => Promise<unknown>,
): Promise<Timed> {
  const latencies: number[] = [];
  const start = now();
  let started = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && started < options.maxOps && now() - start < options.maxMs) {
      const i = started++;
      const t = now();
      try {
        await op(i);
      } catch (error) {
        failure ??= error;
        return;
      }
      latencies.push(now() - t);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  if (failure !== undefined) throw failure;
  return summarise(latencies, now() - start);
}

/** A progress bar on stderr; without a terminal it prints a line every few seconds instead. */
export function progressBar(label: string, total: number): SingleBar {
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
    noTTYOutput: !process.stderr.isTTY,
    notTTYSchedule: 10_000,
    etaBuffer: 50,
  });
  bar.start(total, 0, { rate: "-" });
  return bar;
}

export const fmt = (value: number, digits = 0): string =>
  Number.isFinite(value)
    ? value.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "n/a";

/** The first `textColumns` columns left-aligned, the others right-aligned; for terminals and Markdown alike. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  textColumns = 1,
): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, c) => (c < textColumns ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (c < textColumns ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** True when the module at `url` is the script Node was started with (not imported by run.ts). */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && new URL(url).pathname === resolve(script);
}

/** Runs one statement (create or drop a throwaway database) on the PostgreSQL server at `url`. */
export async function adminStatement(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
