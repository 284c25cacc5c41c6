/**
 * Runs every RFC 9162 probe in the shared vectors folder (transparency-dev/merkle testdata, see
 * its README): each must verify exactly when `wantErr` is false. The folder sits beside the
 * repository both here and in CI, so it is found relative to this file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { verifyConsistency, verifyInclusion } from "./verify-proof.js";

const VECTORS = new URL("../../../shared/vectors/merkle/", import.meta.url);

type InclusionProbe = {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
};
type ConsistencyProbe = {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
};

function probeFiles(kind: "inclusion" | "consistency"): { name: string; probe: unknown }[] {
  const folder = new URL(`${kind}/`, VECTORS);
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ name, probe: JSON.parse(readFileSync(new URL(name, folder), "utf8")) }));
}

// Base64 decoding is lenient, so it is checked here: a probe with a garbled hash must not slip through.
function bytes(base64: string): Uint8Array {
  const decoded = Buffer.from(base64, "base64");
  expect(decoded.toString("base64")).toBe(base64);
  return new Uint8Array(decoded);
}

const inclusion = probeFiles("inclusion") as { name: string; probe: InclusionProbe }[];
const consistency = probeFiles("consistency") as { name: string; probe: ConsistencyProbe }[];

describe("RFC 9162 probe vectors", () => {
  it("finds probes of both kinds, with happy paths and failures", () => {
    for (const probes of [inclusion, consistency]) {
      expect(probes.length).toBeGreaterThan(0);
      expect(probes.some(({ probe }) => !probe.wantErr)).toBe(true);
      expect(probes.some(({ probe }) => probe.wantErr)).toBe(true);
    }
  });

  it.each(inclusion)("inclusion $name", ({ probe }) => {
    const { leafIdx, treeSize, leafHash, proof, root, wantErr } = probe;
    const ok = verifyInclusion(leafIdx, treeSize, bytes(leafHash), (proof ?? []).map(bytes), bytes(root));
    expect(ok).toBe(!wantErr);
  });

  it.each(consistency)("consistency $name", ({ probe }) => {
    const { size1, size2, root1, root2, proof, wantErr } = probe;
    const ok = verifyConsistency(size1, size2, (proof ?? []).map(bytes), bytes(root1), bytes(root2));
    expect(ok).toBe(!wantErr);
  });
});
