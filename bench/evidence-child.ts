/**
 * One measured step of the evidence benchmark, in its own process so that its peak memory (maxRSS)
 * is its own: `ingest FILE DATADIR LISTING` ingests FILE into DATADIR's blob store and writes what
 * it returned to LISTING; `verify DATADIR LISTING` reads the whole file back through readEvidence.
 * Prints one JSON line: the step's wall time (ms, without Node's start-up) and maxRSS (bytes).
 */
import { readFile, writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { type IngestedFile, ingestFile, readEvidence } from "../src/evidence/ingest.js";
import { BlobStore } from "../src/store/blob-store.js";

type Listing = Omit<IngestedFile, "key"> & { key: string };

const [step, ...args] = process.argv.slice(2);
const store = await BlobStore.open(args[step === "ingest" ? 1 : 0] as string);
const start = performance.now();
let detail: Record<string, unknown>;
if (step === "ingest") {
  const [file, , listing] = args as [string, string, string];
  const ingested = await ingestFile(file, store);
  detail = { size: ingested.size, sha256: ingested.sha256, chunks: ingested.chunks.length };
  const ms = performance.now() - start;
  await writeFile(listing, JSON.stringify({ ...ingested, key: ingested.key.toString("hex") }));
  print(ms, detail);
} else if (step === "verify") {
  const listing = JSON.parse(await readFile(args[1] as string, "utf8")) as Listing;
  const file: IngestedFile = { ...listing, key: Buffer.from(listing.key, "hex") };
  let size = 0;
  for await (const piece of readEvidence(file, store)) size += piece.length;
  print(performance.now() - start, { size });
} else {
  throw new Error("usage: evidence-child.ts ingest FILE DATADIR LISTING | verify DATADIR LISTING");
}

function print(ms: number, more: Record<string, unknown>): void {
  const maxRss = process.resourceUsage().maxRSS * 1024; // reported in KiB
  console.log(JSON.stringify({ ms, maxRss, ...more }));
}
