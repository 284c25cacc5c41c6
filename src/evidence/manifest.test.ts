/**
 * Evidence manifests: built from a real ingest into a real blob store, signed and read back through
 * JSON; every structural rule on the chunk list broken once; unknown members and trimmed text refused;
 * a change to any top-level member, another key or another kid makes verification fail; and the
 * signed bytes are recomputed here, independently of the module, and checked with node:crypto.
 */
import { generateKeyPairSync, type KeyObject, randomBytes, verify } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keyId } from "../crypto/node-keys.js";
import { BlobStore } from "../store/blob-store.js";
import { CHUNK_SIZE, TAG_LENGTH } from "./chunked-aead.js";
import { EvidenceError } from "./errors.js";
import { ingestFile } from "./ingest.js";
import {
  type Manifest,
  type ManifestDetails,
  manifestFromIngest,
  parseManifest,
  type SignedManifest,
  signManifest,
  verifySignedManifest,
} from "./manifest.js";

let dir: string;
let store: BlobStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rogatory-manifest-"));
  store = await BlobStore.open(join(dir, "data"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const details: ManifestDetails = {
  itemId: "6f1c1f0e-2a4b-4c3d-9e8f-0a1b2c3d4e5f",
  requestId: "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70",
  fileName: "mailbox-export.mbox",
  mediaType: "application/mbox",
  source: { kind: "service-provider", name: "Example Mail Ltd", system: "mail-archive-2" },
  acquisition: { method: "production order", officer: "Insp. A. Martin", at: "2026-11-20T09:15:00Z" },
  legalBasis: { treaty: "uncc-2024", article: "40" },
  conditions: [
    { type: "use-limitation", text: "Only for the proceedings named in the request." },
    { type: "confidentiality", text: "Not to be disclosed to the suspect before trial." },
  ],
  node: { state: "XB", logId: "XB/main" },
};

async function ingestedManifest(size: number): Promise<Manifest> {
  const path = join(dir, `file-${size}`);
  await writeFile(path, randomBytes(size));
  return manifestFromIngest(await ingestFile(path, store), details);
}

/** A well-formed manifest for a file of `size` bytes, without the cost of sealing it. */
function syntheticManifest(size: number): Manifest {
  const count = Math.max(1, Math.ceil(size / CHUNK_SIZE));
  const hex = (n: number) => n.toString(16).padStart(64, "0");
  const chunks = Array.from({ length: count }, (_, index) => {
    const last = index === count - 1;
    const plaintextSize = last ? size - CHUNK_SIZE * (count - 1) : CHUNK_SIZE;
    return {
      index,
      last,
      plaintextSha256: hex(2 * index + 1),
      ciphertextSha256: hex(2 * index + 2),
      ciphertextSize: plaintextSize + TAG_LENGTH,
    };
  });
  return {
    format: "rogatory.evidence-manifest/1",
    // A deep copy: tests change nested members and must not change `details` for the others.
    ...structuredClone(details),
    size,
    sha256: hex(999),
    chunkSize: CHUNK_SIZE,
    chunks,
  };
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(EvidenceError);
    return (error as EvidenceError).code;
  }
  throw new Error("expected an EvidenceError, nothing was thrown");
}

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as EvidenceError).code).toBe("EVIDENCE_MANIFEST_INVALID");
    return (error as EvidenceError).message;
  }
  throw new Error("expected EVIDENCE_MANIFEST_INVALID, nothing was thrown");
}

function nodeKey(): { privateKey: KeyObject; publicKey: KeyObject; kid: string } {
  const pair = generateKeyPairSync("ed25519");
  return { ...pair, kid: keyId(pair.publicKey) };
}

describe("building a manifest from an ingest", () => {
  it("lists the stored chunks by address and round-trips signed through JSON", async () => {
    const path = join(dir, "evidence.bin");
    await writeFile(path, randomBytes(2 * CHUNK_SIZE + 5));
    const ingested = await ingestFile(path, store);
    const manifest = manifestFromIngest(ingested, details);

    expect(manifest.size).toBe(2 * CHUNK_SIZE + 5);
    expect(manifest.sha256).toBe(ingested.sha256);
    expect(manifest.chunks.map((c) => c.ciphertextSha256)).toEqual(ingested.chunks.map((c) => c.address));
    for (const chunk of manifest.chunks) expect(await store.has(chunk.ciphertextSha256)).toBe(true);
    // The file's key is a secret: it must not be in a document that is signed and shown in court.
    expect(JSON.stringify(manifest)).not.toContain(ingested.key.toString("hex"));
    expect(JSON.stringify(manifest)).not.toContain(ingested.key.toString("base64"));
    expect(Object.keys(manifest)).not.toContain("key");

    const key = nodeKey();
    const signed = signManifest(manifest, key.privateKey, key.kid);
    const received: unknown = JSON.parse(JSON.stringify(signed));
    const read = verifySignedManifest(received, (kid) => (kid === key.kid ? key.publicKey : undefined));
    expect(read).toEqual(manifest);
  });

  it.each([0, 1, CHUNK_SIZE, CHUNK_SIZE + 1])("describes a %i-byte file consistently", async (size) => {
    const manifest = await ingestedManifest(size);
    expect(manifest.chunks).toHaveLength(Math.max(1, Math.ceil(size / CHUNK_SIZE)));
    expect(manifest.chunks.at(-1)?.last).toBe(true);
  });

  it("refuses details that would not make a valid manifest", async () => {
    const path = join(dir, "small.bin");
    await writeFile(path, randomBytes(10));
    const ingested = await ingestFile(path, store);
    expect(codeOf(() => manifestFromIngest(ingested, { ...details, fileName: "../etc/passwd" }))).toBe(
      "EVIDENCE_MANIFEST_INVALID",
    );
  });
});

describe("structure of the chunk list", () => {
  it("accepts well-formed lists at every boundary size", () => {
    for (const size of [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE]) {
      expect(parseManifest(syntheticManifest(size))).toEqual(syntheticManifest(size));
    }
  });

  const breakages: [string, (m: Manifest) => void, RegExp][] = [
    ["a gap in the indexes", (m) => m.chunks.splice(1, 1), /position 1 has index 2/],
    ["chunks reordered", (m) => m.chunks.reverse(), /position 0 has index 2/],
    [
      "two chunks marked last",
      (m) => Object.assign(m.chunks[1] ?? {}, { last: true }),
      /only the final chunk/,
    ],
    [
      "no chunk marked last",
      (m) => Object.assign(m.chunks[2] ?? {}, { last: false }),
      /final chunk is not marked/,
    ],
    [
      "a size that is not the sum of the chunks",
      (m) => Object.assign(m, { size: m.size + 1 }),
      /hold \d+ bytes/,
    ],
    [
      "a short chunk in the middle",
      (m) => {
        const middle = m.chunks[1];
        if (middle) middle.ciphertextSize -= 1;
        m.size -= 1; // keep the sum right, so only the short chunk is wrong
      },
      new RegExp(`holds ${CHUNK_SIZE - 1} bytes, not ${CHUNK_SIZE}`),
    ],
  ];

  it.each(breakages)("refuses %s", (_name, breakIt, expected) => {
    const manifest = syntheticManifest(2 * CHUNK_SIZE + 5);
    breakIt(manifest);
    expect(messageOf(() => parseManifest(manifest))).toMatch(expected);
  });

  it("refuses an empty final chunk after a full one (the file size a multiple of the chunk size)", () => {
    const manifest = syntheticManifest(CHUNK_SIZE);
    const [first] = manifest.chunks;
    if (!first) throw new Error("one chunk expected");
    first.last = false;
    manifest.chunks.push({ ...first, index: 1, last: true, ciphertextSize: TAG_LENGTH });
    expect(messageOf(() => parseManifest(manifest))).toMatch(/final chunk is empty but the file is not/);
  });

  it("refuses an empty chunk list and a chunk size other than CHUNK_SIZE", () => {
    expect(codeOf(() => parseManifest({ ...syntheticManifest(0), chunks: [] }))).toBe(
      "EVIDENCE_MANIFEST_INVALID",
    );
    expect(codeOf(() => parseManifest({ ...syntheticManifest(0), chunkSize: 1024 }))).toBe(
      "EVIDENCE_MANIFEST_INVALID",
    );
  });
});

describe("strictness", () => {
  it.each([
    ["at the top", (m: Manifest) => Object.assign(m, { note: "x" })],
    ["in source", (m: Manifest) => Object.assign(m.source, { phone: "x" })],
    ["in a chunk", (m: Manifest) => Object.assign(m.chunks[0] ?? {}, { key: "00" })],
    ["in a condition", (m: Manifest) => Object.assign(m.conditions[0] ?? {}, { extra: true })],
  ])("refuses an unknown member %s", (_where, add) => {
    const manifest = syntheticManifest(10);
    add(manifest);
    expect(messageOf(() => parseManifest(manifest))).toMatch(/nrecognized key/);
  });

  it("refuses rather than changes text with surrounding spaces, and times that are not UTC", () => {
    const spaced = syntheticManifest(10);
    spaced.acquisition.officer = " Insp. A. Martin";
    expect(codeOf(() => parseManifest(spaced))).toBe("EVIDENCE_MANIFEST_INVALID");
    const local = syntheticManifest(10);
    local.acquisition.at = "2026-11-20T10:15:00+01:00";
    expect(codeOf(() => parseManifest(local))).toBe("EVIDENCE_MANIFEST_INVALID");
  });
});

describe("signatures", () => {
  const key = nodeKey();
  const lookup = (kid: string) => (kid === key.kid ? key.publicKey : undefined);
  const base = syntheticManifest(2 * CHUNK_SIZE + 5);
  const signed = signManifest(base, key.privateKey, key.kid);

  /** One change per top-level member; each keeps the manifest valid where the schema allows it. */
  const changes: Record<keyof Manifest, (m: Manifest) => void> = {
    format: (m) => Object.assign(m, { format: "rogatory.evidence-manifest/2" }),
    itemId: (m) => Object.assign(m, { itemId: "6f1c1f0e-2a4b-4c3d-9e8f-0a1b2c3d4e50" }),
    requestId: (m) => Object.assign(m, { requestId: "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f71" }),
    fileName: (m) => Object.assign(m, { fileName: "other.mbox" }),
    mediaType: (m) => Object.assign(m, { mediaType: "application/octet-stream" }),
    size: (m) => {
      m.size -= 1;
      const final = m.chunks.at(-1);
      if (final) final.ciphertextSize -= 1;
    },
    sha256: (m) => Object.assign(m, { sha256: "f".repeat(64) }),
    chunkSize: (m) => Object.assign(m, { chunkSize: 1024 }),
    chunks: (m) => Object.assign(m.chunks[1] ?? {}, { ciphertextSha256: "e".repeat(64) }),
    source: (m) => Object.assign(m.source, { kind: "custodian" }),
    acquisition: (m) => Object.assign(m.acquisition, { at: "2026-11-20T09:15:01Z" }),
    legalBasis: (m) => Object.assign(m.legalBasis, { article: "41" }),
    conditions: (m) => m.conditions.pop(),
    node: (m) => Object.assign(m.node, { state: "XC" }),
  };

  it("has a change for every top-level member", () => {
    expect(Object.keys(changes).sort()).toEqual(Object.keys(base).sort());
  });

  it.each(Object.entries(changes))("fails when %s is changed after signing", (field, change) => {
    const tampered: SignedManifest = structuredClone(signed);
    change(tampered.manifest);
    const expected =
      field === "format" || field === "chunkSize"
        ? "EVIDENCE_MANIFEST_INVALID"
        : "EVIDENCE_MANIFEST_BAD_SIGNATURE";
    expect(codeOf(() => verifySignedManifest(tampered, lookup))).toBe(expected);
  });

  it("fails with another key, an unknown kid, or a lookup that answers with the wrong key", () => {
    const other = nodeKey();
    expect(codeOf(() => verifySignedManifest(signed, () => other.publicKey))).toBe(
      "EVIDENCE_MANIFEST_BAD_SIGNATURE",
    );
    expect(codeOf(() => verifySignedManifest(signed, () => undefined))).toBe(
      "EVIDENCE_MANIFEST_BAD_SIGNATURE",
    );
    // The kid relabelled to another known key: that key did not sign.
    const relabelled = { ...signed, signature: { ...signed.signature, kid: other.kid } };
    const both = (kid: string) => (kid === other.kid ? other.publicKey : lookup(kid));
    expect(codeOf(() => verifySignedManifest(relabelled, both))).toBe("EVIDENCE_MANIFEST_BAD_SIGNATURE");
    expect(verifySignedManifest(signed, both)).toEqual(base);
  });

  it("fails for a changed or non-canonically spelled signature value", () => {
    const value = Buffer.from(signed.signature.value, "base64");
    value[0] = (value[0] ?? 0) ^ 1;
    const flipped = { ...signed, signature: { ...signed.signature, value: value.toString("base64") } };
    expect(codeOf(() => verifySignedManifest(flipped, lookup))).toBe("EVIDENCE_MANIFEST_BAD_SIGNATURE");
    // 64 bytes leave 4 spare bits in the last base64 digit before "==": setting one spells the same bytes.
    const v = signed.signature.value;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const respelled = `${v.slice(0, 85)}${alphabet[alphabet.indexOf(v[85] ?? "A") ^ 1]}==`;
    expect(Buffer.from(respelled, "base64")).toEqual(Buffer.from(v, "base64"));
    const aliased = { ...signed, signature: { ...signed.signature, value: respelled } };
    expect(codeOf(() => verifySignedManifest(aliased, lookup))).toBe("EVIDENCE_MANIFEST_BAD_SIGNATURE");
  });

  it("refuses a malformed envelope and an unknown member beside the signature", () => {
    expect(codeOf(() => verifySignedManifest({ manifest: base }, lookup))).toBe("EVIDENCE_MANIFEST_INVALID");
    expect(codeOf(() => verifySignedManifest({ ...signed, note: "x" }, lookup))).toBe(
      "EVIDENCE_MANIFEST_INVALID",
    );
  });

  it("signs only with an Ed25519 private key under its own kid", () => {
    const other = nodeKey();
    expect(codeOf(() => signManifest(base, key.privateKey, other.kid))).toBe("EVIDENCE_SIGNING_KEY_INVALID");
    expect(codeOf(() => signManifest(base, key.publicKey, key.kid))).toBe("EVIDENCE_SIGNING_KEY_INVALID");
    const x25519 = generateKeyPairSync("x25519").privateKey;
    expect(codeOf(() => signManifest(base, x25519, key.kid))).toBe("EVIDENCE_SIGNING_KEY_INVALID");
  });

  it("signs exactly the format line and the RFC 8785 form of the manifest", () => {
    // Written from docs/evidence.md, not from the module: keys sorted (all ASCII here, so code-unit
    // order is the default sort), no whitespace, JSON.stringify for strings, integers and booleans.
    const jcs = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(jcs).join(",")}]`;
      if (value !== null && typeof value === "object") {
        const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jcs(v)}`).join(",")}}`;
      }
      return JSON.stringify(value);
    };
    const bytes = Buffer.from(`rogatory.evidence-manifest/1\n${jcs(base)}`, "utf8");
    const signature = Buffer.from(signed.signature.value, "base64");
    expect(signed.signature.kid).toBe(key.kid);
    expect(verify(null, bytes, key.publicKey, signature)).toBe(true);
    // And not over anything else: without the format line the same signature fails.
    expect(verify(null, Buffer.from(jcs(base), "utf8"), key.publicKey, signature)).toBe(false);
  });
});
