/**
 * Evidence benchmark (issue 5, item 9): on one random file (1 GiB unless `--size-mib N`), in the same
 * run and in alternating rounds so that load changes hit all alike:
 * - `openssl dgst -sha256 FILE`: one hardware-accelerated pass over the data, the floor for any tool
 *   that must read and hash it (the file is read once beforehand, so every step finds it in the page
 *   cache);
 * - `dd if=FILE of=OUT bs=4M conv=fsync`: copying the bytes durably, the floor for any tool that must
 *   store them (the disk's, not ours);
 * - ingest: `ingestFile` (read, hash each chunk and the file, encrypt, hash the ciphertext, write each
 *   blob, fsync), in a child process;
 * - verify: `readEvidence` over all the chunks (read each blob, check it against its address, decrypt
 *   and authenticate, check each chunk's hash and the file's), in a child process.
 * Each child prints its own time (without Node's start-up) and peak memory (maxRSS). The ingest's
 * SHA-256 is checked against openssl's.
 *
 *   npm run bench:evidence
 *   node --import tsx bench/evidence.ts --size-mib 64
 */
import { execFileSync } from "node:child_process";
import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtemp, open, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type Figure, fmt, isMain, now, table } from "./measure.js";

const ROUNDS = 3;
const MIB = 2 ** 20;

function sizeFromArgs(argv: readonly string[]): number {
  const at = argv.indexOf("--size-mib");
  const mib = at === -1 ? 1024 : Number(argv[at + 1]);
  if (!(Number.isInteger(mib) && mib > 0)) throw new Error("--size-mib takes a whole number of MiB > 0");
  return mib * MIB;
}

/** Writes `size` random bytes (an AES-CTR keystream: as incompressible as /dev/urandom, and faster). */
async function randomFile(path: string, size: number): Promise<void> {
  const stream = createCipheriv("aes-256-ctr", randomBytes(32), randomBytes(16));
  const zeros = Buffer.alloc(8 * MIB);
  const handle = await open(path, "w");
  try {
    for (let written = 0; written < size; written += zeros.length) {
      await handle.write(stream.update(zeros.subarray(0, Math.min(zeros.length, size - written))));
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Wall time (s) of a command; its standard output is returned too. */
function timed(command: string, args: readonly string[]): { seconds: number; out: string } {
  const start = now();
  const out = execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return { seconds: (now() - start) / 1000, out };
}

type Child = { ms: number; maxRss: number; sha256?: string; size?: number };

function child(args: readonly string[]): Child {
  const script = join(import.meta.dirname, "evidence-child.ts");
  const out = execFileSync(process.execPath, ["--import", "tsx", script, ...args], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1) as string) as Child;
}

type Step = { seconds: number[]; peak: number[] };
const median = (values: readonly number[]): number => {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

export async function runEvidenceBench(size = sizeFromArgs(process.argv)): Promise<Figure[]> {
  const root = await mkdtemp(join(tmpdir(), "rogatory-bench-evidence-"));
  try {
    const file = join(root, "evidence.bin");
    await randomFile(file, size);
    timed("openssl", ["dgst", "-sha256", file]); // untimed: brings the file into the page cache
    const copy = join(root, "dd.out");
    // Untimed once: the first writes after boot pay for guest memory the VM has not yet touched.
    timed("dd", [`if=${file}`, `of=${copy}`, "bs=4M", "conv=fsync"]);
    await rm(copy);
    const steps: Record<"openssl" | "dd" | "ingest" | "verify", Step> = {
      openssl: { seconds: [], peak: [] },
      dd: { seconds: [], peak: [] },
      ingest: { seconds: [], peak: [] },
      verify: { seconds: [], peak: [] },
    };
    let digest = "";
    for (let round = 0; round < ROUNDS; round++) {
      const openssl = timed("openssl", ["dgst", "-sha256", "-r", file]);
      digest = openssl.out.split(" ")[0] ?? "";
      steps.openssl.seconds.push(openssl.seconds);
      steps.dd.seconds.push(timed("dd", [`if=${file}`, `of=${copy}`, "bs=4M", "conv=fsync"]).seconds);
      await rm(copy);
      const data = join(root, "data");
      const listing = join(root, "listing.json");
      const ingest = child(["ingest", file, data, listing]);
      if (ingest.sha256 !== digest)
        throw new Error(`ingest gave SHA-256 ${ingest.sha256}, openssl ${digest}`);
      steps.ingest.seconds.push(ingest.ms / 1000);
      steps.ingest.peak.push(ingest.maxRss);
      const verify = child(["verify", data, listing]);
      if (verify.size !== size) throw new Error(`verify read ${verify.size} bytes of ${size}`);
      steps.verify.seconds.push(verify.ms / 1000);
      steps.verify.peak.push(verify.maxRss);
      await rm(data, { recursive: true });
    }
    console.log(
      `checked: every ingest's SHA-256 equals openssl's (${digest.slice(0, 16)}…), every verify read all ${fmt(size)} bytes back`,
    );
    console.log(
      `load average (1 min) at the end: ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} CPUs`,
    );
    return report(size, steps);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function report(size: number, steps: Record<string, Step>): Figure[] {
  const base = median(steps.openssl?.seconds ?? []);
  const rows = Object.entries(steps).map(([name, step]) => {
    const seconds = median(step.seconds);
    return [
      name,
      fmt(seconds, 2),
      step.seconds.map((s) => fmt(s, 2)).join(" / "),
      fmt(size / MIB / seconds),
      fmt(base / seconds, 2),
      step.peak.length ? fmt(Math.max(...step.peak) / 1e6) : "",
    ];
  });
  console.log(`${fmt(size / MIB)} MiB, ${ROUNDS} rounds; median of the rounds`);
  console.log(table(["step", "s", "each round", "MiB/s", "× openssl", "peak MB"], rows));
  const figures: Figure[] = [];
  for (const [name, step] of Object.entries(steps)) {
    const seconds = median(step.seconds);
    figures.push({
      bench: "evidence",
      metric: `${name} throughput`,
      value: size / MIB / seconds,
      unit: "MiB/s",
    });
    if (name !== "openssl") {
      figures.push({ bench: "evidence", metric: `${name} / openssl`, value: base / seconds, unit: "×" });
    }
    if (step.peak.length) {
      figures.push({
        bench: "evidence",
        metric: `${name} peak RSS`,
        value: Math.max(...step.peak) / 1e6,
        unit: "MB",
      });
    }
  }
  return figures;
}

if (isMain(import.meta.url)) {
  await runEvidenceBench();
}
