/**
 * Court bundles written from real parts (keys, cards, ingested files, signed manifests, ledgers,
 * messages, receipts) and verified offline: a good bundle passes and `tar` and `sha256sum` accept
 * it; every component tampered with, one at a time — also with SHA256SUMS recomputed to match, as
 * a careful forger would — is caught with the member or item that was altered named.
 */
import { execFileSync } from "node:child_process";
import { createHash, generateKeyPairSync } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extract as tarExtract, pack as tarPack } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../crypto/canonical-json.js";
import { keyId } from "../crypto/node-keys.js";
import { cardKey } from "../directory/node-card-test-kit.js";
import { CHUNK_SIZE } from "./chunked-aead.js";
import { bundlePaths, CUSTODY_PATH, parseSums, SUMS_PATH, sumsLine } from "./court-bundle-format.js";
import { type BundleFixture, buildBundleFixture, PURPOSE } from "./court-bundle-test-kit.js";
import { verifyCourtBundle } from "./court-bundle-verify.js";
import { writeCourtBundle } from "./court-bundle-write.js";
import { EvidenceError } from "./errors.js";

let dir: string;
let fixture: BundleFixture;
let good: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rogatory-court-bundle-"));
  fixture = await buildBundleFixture(dir);
  good = join(dir, "good.tar");
  await writeCourtBundle(fixture.contents, good);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Member = { name: string; data: Buffer; type?: "file" | "symlink" | "directory"; linkname?: string };

async function members(path: string): Promise<Member[]> {
  const found: Member[] = [];
  const extract = tarExtract();
  const done = (async () => {
    for await (const entry of extract) {
      const parts: Buffer[] = [];
      for await (const data of entry as AsyncIterable<Buffer>) parts.push(data);
      found.push({ name: entry.header.name, data: Buffer.concat(parts) });
    }
  })();
  extract.end(await readFile(path));
  await done;
  return found;
}

async function writeTar(path: string, list: Member[]): Promise<void> {
  const pack = tarPack();
  for (const m of list) {
    if (m.type === "symlink")
      pack.entry({ name: m.name, type: "symlink", linkname: m.linkname ?? "/etc/passwd" });
    else pack.entry({ name: m.name, type: m.type ?? "file" }, m.data);
  }
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const data of pack) parts.push(data as Buffer);
  await writeFile(path, Buffer.concat(parts));
}

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");
let counter = 0;

/**
 * A copy of the good bundle with `edit` applied to the member list; SHA256SUMS is recomputed to
 * match unless `resum` is false, so the check that catches the change is the one that must.
 */
async function tampered(edit: (list: Member[]) => Member[], resum = true): Promise<string> {
  let list = edit(await members(good));
  if (resum) {
    const others = list.filter((m) => m.name !== SUMS_PATH);
    const sums = Buffer.from(others.map((m) => sumsLine(sha256(m.data), m.name)).join(""));
    list = list.map((m) => (m.name === SUMS_PATH ? { ...m, data: sums } : m));
  }
  const path = join(dir, `tampered-${++counter}.tar`);
  await writeTar(path, list);
  return path;
}

const change = (name: string, fn: (data: Buffer) => Buffer) => (list: Member[]) =>
  list.map((m) => (m.name === name ? { ...m, data: fn(m.data) } : m));
// biome-ignore lint/suspicious/noExplicitAny: the tampering reaches into arbitrary members of the JSON it edits
type Json = any;
const changeJson = (name: string, fn: (json: Json) => unknown, canonical = false) =>
  change(name, (data) => {
    const json = JSON.parse(data.toString("utf8"));
    const out = fn(json) ?? json;
    return Buffer.from(canonical ? canonicalJson(out) : `${JSON.stringify(out, null, 2)}\n`);
  });

async function failuresOf(path: string): Promise<string[]> {
  const report = await verifyCourtBundle(path);
  expect(report.ok).toBe(false);
  return report.failures;
}

const item = () => fixture.items[0] as BundleFixture["items"][number];
/** The fixture proves each State's entries against one head: its one ledger file. */
const ledgerPath = (state: string) => {
  const ledger = fixture.contents.ledgers.find((l) => l.state === state);
  if (ledger === undefined) throw new Error(`no ledger of ${state} in the fixture`);
  return bundlePaths.ledger(state, ledger.treeHead.size);
};
const fileOf = (i = item()) => bundlePaths.file(i.itemId, i.fileName);
const manifestOf = (i = item()) => bundlePaths.manifest(i.itemId);

describe("a court bundle written from real parts", () => {
  it("verifies: every check passes and the node keys' fingerprints are reported", async () => {
    const report = await verifyCourtBundle(good);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.every((c) => c.ok)).toBe(true);
    const subjects = report.checks.map((c) => c.subject);
    for (const i of fixture.items) {
      expect(subjects).toContain(bundlePaths.file(i.itemId, i.fileName));
      expect(subjects).toContain(`custody of item ${i.itemId}`);
    }
    expect(subjects).toEqual(expect.arrayContaining(["nodes/XA.card.json", ledgerPath("XB"), SUMS_PATH]));
    expect(report.nodes.map((n) => n.state)).toEqual(["XA", "XB"]);
    expect(report.nodes[1]?.keys[0]?.kid).toBe(fixture.xb.kid);
    expect(report.nodes[1]?.keys[0]?.fingerprint).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    expect(report.export?.purpose).toBe(PURPOSE);
  });

  it("is a 0600 tar that tar extracts and sha256sum -c accepts, with the evidence byte for byte", async () => {
    expect((await stat(good)).mode & 0o777).toBe(0o600);
    const out = join(dir, "extracted");
    await mkdir(out);
    execFileSync("tar", ["-xf", good, "-C", out]);
    const check = execFileSync("sha256sum", ["-c", SUMS_PATH], { cwd: out, encoding: "utf8" });
    expect(
      check
        .trim()
        .split("\n")
        .every((line) => line.endsWith(": OK")),
    ).toBe(true);
    for (const i of fixture.items) {
      expect((await readFile(join(out, bundlePaths.file(i.itemId, i.fileName)))).equals(i.bytes)).toBe(true);
      // The manifest file is the canonical JSON custody entries hash: sha256sum of it is manifestSha256.
      const manifestFile = await readFile(join(out, bundlePaths.manifest(i.itemId)));
      expect(sha256(manifestFile)).toBe(sha256(canonicalJson(i.signed)));
    }
    expect((await readdir(dir)).filter((n) => n.endsWith(".partial"))).toEqual([]);
  });

  it("refuses to write evidence that does not match its manifest, and leaves nothing behind", async () => {
    const out = join(dir, "refused.tar");
    const wrong = {
      ...fixture.contents,
      items: fixture.contents.items.map((it, i) =>
        i === 0
          ? {
              ...it,
              plaintext: async function* () {
                for await (const data of it.plaintext()) yield Buffer.from(data.map((b) => b ^ 1));
              },
            }
          : it,
      ),
    };
    const error = await writeCourtBundle(wrong, out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as EvidenceError).code).toBe("EVIDENCE_BUNDLE_INPUT_INVALID");
    const names = await readdir(dir);
    expect(names).not.toContain("refused.tar");
    expect(names.filter((n) => n.includes("refused"))).toEqual([]);
  });
});

describe("every tampered component is detected and named", () => {
  const cases: [string, () => Promise<string>, () => RegExp][] = [
    [
      "an evidence byte flipped",
      () =>
        tampered(
          change(fileOf(), (d) => Buffer.from(d.map((b, i) => (i === CHUNK_SIZE + 10 ? b ^ 0x80 : b)))),
        ),
      () => new RegExp(`^${esc(fileOf())}: SHA-256 differs from manifest \\(first differing chunk: 1`),
    ],
    [
      "an evidence file truncated",
      () => tampered(change(fileOf(), (d) => d.subarray(0, d.length - 3))),
      () => new RegExp(`^${esc(fileOf())}: \\d+ bytes, but the manifest says \\d+: the file was truncated`),
    ],
    [
      "a manifest field changed",
      () =>
        tampered(
          changeJson(
            manifestOf(),
            (j) => {
              j.manifest.acquisition.officer = "Someone Else";
            },
            true,
          ),
        ),
      () => new RegExp(`^${esc(manifestOf())}: the manifest's signature does not verify`),
    ],
    [
      "a manifest signature changed",
      () =>
        tampered(
          changeJson(
            manifestOf(),
            (j) => {
              j.signature.value = flipBase64(j.signature.value);
            },
            true,
          ),
        ),
      () => new RegExp(`^${esc(manifestOf())}: the manifest's signature does not verify`),
    ],
    [
      "a card's signing key swapped",
      () =>
        tampered(
          changeJson(
            "nodes/XB.card.json",
            (j) => {
              const other = generateKeyPairSync("ed25519");
              j.card.keys[0] = cardKey(other.publicKey, "sig");
              expect(j.card.keys[0].kid).toBe(keyId(other.publicKey));
            },
            true,
          ),
        ),
      () => /^nodes\/XB\.card\.json: signed by key \w+, which is not one of the card's own signing keys/,
    ],
    [
      "a tree head signature",
      () =>
        tampered(
          changeJson(ledgerPath("XB"), (j) => {
            j.treeHead.signature = flipBase64(j.treeHead.signature);
          }),
        ),
      () => /^ledger\/XB\/\d+\.json: the signed tree head \(size \d+\) does not verify/,
    ],
    [
      "a tree head root",
      () =>
        tampered(
          changeJson(ledgerPath("XB"), (j) => {
            j.treeHead.root = flipBase64(j.treeHead.root);
          }),
        ),
      () => /^ledger\/XB\/\d+\.json: the signed tree head \(size \d+\) does not verify/,
    ],
    [
      "an inclusion proof hash",
      () =>
        tampered(
          changeJson(ledgerPath("XB"), (j) => {
            j.entries[2].proof[0] = "0".repeat(64);
          }),
        ),
      () => /^ledger\/XB\/\d+\.json: entry 2 \(evidence\.sealed\) is not included in the signed tree head/,
    ],
    [
      "a ledger entry's data",
      () =>
        tampered(
          changeJson(ledgerPath("XA"), (j) => {
            j.entries[4].entry.data.purpose = "Something else";
          }),
        ),
      () => /^ledger\/XA\/\d+\.json: entry 4 \(evidence\.exported\) is not included in the signed tree head/,
    ],
    [
      "a custody event removed",
      () =>
        tampered(
          changeJson(ledgerPath("XB"), (j) => {
            j.entries = j.entries.filter(
              (e: Json) => !(e.entry.type === "evidence.sealed" && e.entry.subject === item().itemId),
            );
          }),
        ),
      () => new RegExp(`^custody of item ${item().itemId}: no evidence\\.sealed for the item on XB's ledger`),
    ],
    [
      "the CASE/UCO custody document (an event's time moved)",
      () =>
        tampered(
          changeJson(CUSTODY_PATH, (j) => {
            const action = j["@graph"].find((n: Json) => n["uco-action:startTime"] !== undefined);
            action["uco-action:startTime"]["@value"] = "2020-01-01T00:00:00.000Z";
          }),
        ),
      () => /^custody\.jsonld: differs from the CASE\/UCO rendering of the proven custody record/,
    ],
    [
      "the purpose in bundle.json",
      () =>
        tampered(
          changeJson("bundle.json", (j) => {
            j.purpose = "Publication in the press";
          }),
        ),
      () =>
        new RegExp(
          `^custody of item ${item().itemId}: no evidence\\.exported entry on XA's ledger records this export`,
        ),
    ],
    [
      "a message JWS payload",
      () =>
        tampered(
          change(bundlePaths.message(fixture.messageIds.request), (d) => {
            const [h, p, s] = d.toString().split(".");
            const payload = JSON.parse(Buffer.from(p ?? "", "base64url").toString());
            payload.body.treaty = "budapest";
            return Buffer.from(`${h}.${Buffer.from(canonicalJson(payload)).toString("base64url")}.${s}`);
          }),
        ),
      () =>
        new RegExp(
          `^${esc(bundlePaths.message(fixture.messageIds.request))}: the signature does not verify with XA/\\w+: the message was altered`,
        ),
    ],
    [
      "a receipt",
      () =>
        tampered(
          changeJson(bundlePaths.receipt(fixture.messageIds.request), (j) => {
            j.entry.time = "2030-01-01T18:00:00.000Z";
          }),
        ),
      () =>
        new RegExp(
          `^${esc(bundlePaths.receipt(fixture.messageIds.request))}: the inclusion proof does not place the entry`,
        ),
    ],
    [
      "a SHA256SUMS line",
      () =>
        tampered(
          change(SUMS_PATH, (d) =>
            Buffer.from(d.toString().replace(/^[0-9a-f]/, (c) => (c === "0" ? "1" : "0"))),
          ),
          false,
        ),
      () => /^SHA256SUMS: the line for bundle\.json does not match that file/,
    ],
    [
      "an extra file added",
      () =>
        tampered((list) => [
          ...list.slice(0, -1),
          { name: "evidence/planted.txt", data: Buffer.from("x") },
          ...list.slice(-1),
        ]),
      () => /^evidence\/planted\.txt: not named by bundle\.json: a file was added/,
    ],
    [
      "a file removed",
      () => tampered((list) => list.filter((m) => m.name !== bundlePaths.receipt(fixture.messageIds.report))),
      () => new RegExp(`^${esc(bundlePaths.receipt(fixture.messageIds.report))}: missing from the tar`),
    ],
    [
      "a path-traversal entry",
      () => tampered((list) => [...list, { name: "../../etc/cron.d/evil", data: Buffer.from("x") }]),
      () => /^\.\.\/\.\.\/etc\/cron\.d\/evil: refused: a '\.\.' segment \(path traversal\)/,
    ],
    [
      "an absolute path",
      () =>
        tampered((list) => [
          { ...(list[0] as Member) },
          { name: "/tmp/evil", data: Buffer.from("x") },
          ...list.slice(1),
        ]),
      () => /^\/tmp\/evil: refused: an absolute path/,
    ],
    [
      "a symbolic link",
      () =>
        tampered((list) => [
          list[0] as Member,
          { name: "nodes/link", data: Buffer.alloc(0), type: "symlink" },
          ...list.slice(1),
        ]),
      () => /^nodes\/link: refused: a symlink entry, not a regular file/,
    ],
    [
      "an evidence file moved before its manifest",
      () =>
        tampered((list) => {
          const file = list.find((m) => m.name === fileOf()) as Member;
          return [list[0] as Member, file, ...list.slice(1).filter((m) => m !== file)];
        }),
      () => new RegExp(`^${esc(fileOf())}: comes before its manifest`),
    ],
  ];

  for (const [what, make, expected] of cases) {
    it(`detects ${what}`, async () => {
      const failures = await failuresOf(await make());
      expect(
        failures.some((f) => expected().test(f)),
        failures.join("\n"),
      ).toBe(true);
    });
  }

  it("detects a truncated tar", async () => {
    const path = join(dir, "truncated.tar");
    await writeFile(path, await readFile(good));
    await truncate(path, (await stat(good)).size - 5_000);
    const failures = await failuresOf(path);
    expect(failures[0]).toMatch(/^bundle: the tar file ends in the middle of a member: it was truncated/);
  });

  it("refuses a file that is not a tar, or a tar that is not a bundle", async () => {
    const notTar = join(dir, "not-a-tar.json");
    await writeFile(notTar, `${JSON.stringify({ hello: "court" })}\n`.repeat(40));
    expect((await failuresOf(notTar))[0]).toMatch(/^bundle: not a readable tar file/);
    const otherTar = await tampered((list) => list.slice(1), false);
    expect((await failuresOf(otherTar))[0]).toMatch(
      /^nodes\/XA\.card\.json: bundle\.json must be the first member/,
    );
  });

  it("a bundle whose SHA256SUMS still matches the original shows the tampered member twice", async () => {
    const failures = await failuresOf(
      await tampered(
        change(fileOf(), (d) => Buffer.from(d.map((b) => b ^ 1))),
        false,
      ),
    );
    expect(failures.some((f) => f.startsWith(`${SUMS_PATH}: the line for ${fileOf()} does not match`))).toBe(
      true,
    );
    expect(
      failures.some((f) =>
        f.startsWith(`${fileOf()}: SHA-256 differs from manifest (first differing chunk: 0`),
      ),
    ).toBe(true);
  });

  it("parses SHA256SUMS as sha256sum writes it", () => {
    expect(parseSums(`${"a".repeat(64)}  x y\n${"b".repeat(64)} *z\nbad\n`)).toEqual({
      entries: [
        { sha256: "a".repeat(64), path: "x y" },
        { sha256: "b".repeat(64), path: "z" },
      ],
      badLines: [3],
    });
  });
});

function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The same base64 with its first character changed: other bytes, still well-formed. */
function flipBase64(value: string): string {
  return `${value.startsWith("A") ? "B" : "A"}${value.slice(1)}`;
}
