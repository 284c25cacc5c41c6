/**
 * Runs every benchmark in turn and prints one summary table. By hand only (`npm run bench`),
 * never from the tests: figures depend on the machine, so they are printed, not asserted.
 * Each benchmark also runs alone: `node --import tsx bench/ledger.ts`, `… bench/api.ts`,
 * `… bench/federation.ts` (also `npm run bench:federation`).
 */
import { availableParallelism, loadavg, totalmem } from "node:os";
import { runApiBench } from "./api.js";
import { runFederationBench } from "./federation.js";
import { runLedgerBench } from "./ledger.js";
import { type Figure, fmt, table } from "./measure.js";

const started = new Date();
console.log(
  `rogatory benchmarks, ${started.toISOString()}: Node ${process.version}, ${availableParallelism()} CPUs, ` +
    `${fmt(totalmem() / 2 ** 30, 1)} GiB memory, load average (1 min) ${loadavg()[0]?.toFixed(2)}`,
);
const figures: Figure[] = [
  ...(await runLedgerBench()),
  ...(await runApiBench()),
  ...(await runFederationBench()),
];

const digits = (f: Figure) => (f.unit === "ms" || f.unit === "×" || f.unit === "s" ? 2 : 0);
console.log(`\n== summary (${fmt((Date.now() - started.getTime()) / 60_000, 1)} min) ==`);
console.log(
  table(
    ["benchmark", "metric", "value", "unit"],
    figures.map((f) => [f.bench, f.metric, fmt(f.value, digits(f)), f.unit]),
    2,
  ),
);
