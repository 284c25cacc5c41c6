/**
 * The court bundle (docs/evidence.md, "Court bundle"): one POSIX tar file that a court can check
 * with no network and no database — by `rogatory evidence verify`, or by hand with `tar`,
 * `sha256sum` and any Ed25519/JOSE library. This file fixes its layout, the names of its members
 * and the schema of its index, `bundle.json`, and declares what the exporter hands the writer.
 *
 * Every path is derived from a State code, a UUID or a manifest's file name (which the manifest
 * schema already keeps free of folders and control characters), and the index must spell exactly
 * the derived path: a bundle cannot name a member outside its own tree, and an extractor never
 * writes anywhere but under the folder it extracts into.
 */
import { z } from "zod";
import { UuidSchema } from "../crypto/envelope-kinds.js";
import { KidSchema } from "../directory/node-card.js";
import type { ReceiptBody } from "../federation/receipts.js";
import { EntrySchema } from "../ledger/entry.js";
import { LOG_ID_PATTERN } from "../ledger/tree-head.js";
import { StateCodeSchema, TreatyIdSchema } from "../treaty/request-document.js";
import type { ProvenLedger } from "./custody.js";
import type { SignedManifest } from "./manifest.js";

export const COURT_BUNDLE_FORMAT = "rogatory.court-bundle/1" as const;

export type { ProvenLedger, SignedTreeHeadJson } from "./custody.js";

/** What the exporter gathers and `writeCourtBundle` writes. */
export type CourtBundleContents = {
  exportedAt: string;
  exportedBy: string;
  purpose: string;
  exportingState: string;
  request: {
    id: string;
    reference: string;
    kind: string;
    treaty: string;
    requestingState: string;
    requestedState: string;
    remoteRequestId?: string;
  };
  /** `card`: the signed node card as stored (canonical JSON text of `{card, signature}`). */
  nodes: { state: string; card: string }[];
  /** `plaintext`: the file's bytes in order; the writer checks them against the manifest's size and SHA-256. */
  items: { signedManifest: SignedManifest; plaintext: () => AsyncIterable<Buffer> }[];
  ledgers: ProvenLedger[];
  /** `signed`: the sender's compact JWS over the message, as the inbox keeps it. */
  messages: { messageId: string; from: string; to: string; kind: string; signed: string }[];
  receipts: { messageId: string; body: ReceiptBody }[];
  /** The CASE/UCO JSON-LD rendering of the custody record (src/evidence/case-uco.ts), written as is. */
  caseUco: unknown;
};

export const INDEX_PATH = "bundle.json";
export const SUMS_PATH = "SHA256SUMS";
export const CUSTODY_PATH = "custody.jsonld";

export const bundlePaths = {
  card: (state: string) => `nodes/${state}.card.json`,
  // One file per signed head: the other State's custody may come proven against several of its heads.
  ledger: (state: string, size: number) => `ledger/${state}/${size}.json`,
  manifest: (itemId: string) => `evidence/${itemId}/manifest.json`,
  // The file sits in its own folder so that no file name — "manifest.json" included — can collide with the manifest.
  file: (itemId: string, fileName: string) => `evidence/${itemId}/file/${fileName}`,
  message: (messageId: string) => `messages/${messageId}.jws`,
  receipt: (messageId: string) => `receipts/${messageId}.json`,
} as const;

/** Largest member other than an evidence file that the verifier reads into memory. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, "64 lower-case hex digits (SHA-256)");
const BASE64_32 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const BASE64_64 = /^[A-Za-z0-9+/]{85}[AQgw]==$/;
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => s.trim() === s, "no leading or trailing whitespace");

export const SignedTreeHeadJsonSchema = z.strictObject({
  logId: z.string().regex(LOG_ID_PATTERN, "a ledger log id such as XA/3f2a9c0d1e4b5a67"),
  size: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  timestamp: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  root: z.string().regex(BASE64_32, "a 32-byte hash in padded base64"),
  signature: z.string().regex(BASE64_64, "a 64-byte Ed25519 signature in padded base64"),
});

export const ProvenLedgerSchema = z.strictObject({
  state: StateCodeSchema,
  treeHead: SignedTreeHeadJsonSchema,
  entries: z.array(z.strictObject({ entry: EntrySchema, proof: z.array(Sha256HexSchema).max(64) })),
});

const unique = <T>(values: T[]) => new Set(values).size === values.length;

/** Checks that a section's `path` members spell exactly the paths derived from their names. */
function pathsAre<T extends { path: string }>(derive: (item: T) => string) {
  return (items: T[]) => items.every((item) => item.path === derive(item));
}

export const BundleIndexSchema = z.strictObject({
  format: z.literal(COURT_BUNDLE_FORMAT),
  exportedAt: z.iso.datetime(),
  exportedBy: text(200),
  purpose: text(4000),
  exportingState: StateCodeSchema,
  request: z.strictObject({
    id: UuidSchema,
    reference: text(200),
    kind: text(100),
    treaty: TreatyIdSchema,
    requestingState: StateCodeSchema,
    requestedState: StateCodeSchema,
    remoteRequestId: UuidSchema.optional(),
  }),
  nodes: z
    .array(
      z.strictObject({
        state: StateCodeSchema,
        path: z.string(),
        /** Every signing key on the card, with the fingerprint people compare out of band. */
        signingKeys: z.array(z.strictObject({ kid: KidSchema, fingerprint: z.string() })),
      }),
    )
    .refine((nodes) => unique(nodes.map((n) => n.state)), "a State is listed twice")
    .refine(
      pathsAre((n: { state: string; path: string }) => bundlePaths.card(n.state)),
      "a node card path is not nodes/<State>.card.json",
    ),
  ledgers: z
    .array(z.strictObject({ state: StateCodeSchema, size: z.int().positive(), path: z.string() }))
    .refine((ledgers) => unique(ledgers.map((l) => l.path)), "a ledger is listed twice")
    .refine(
      pathsAre((l: { state: string; size: number; path: string }) => bundlePaths.ledger(l.state, l.size)),
      "a ledger path is not ledger/<State>/<tree size>.json",
    ),
  items: z
    .array(
      z.strictObject({
        itemId: UuidSchema,
        fileName: z.string().min(1),
        size: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
        sha256: Sha256HexSchema,
        providingState: StateCodeSchema,
        /** SHA-256 of the manifest file, which is the canonical JSON of the signed manifest. */
        manifestSha256: Sha256HexSchema,
        manifest: z.string(),
        file: z.string(),
      }),
    )
    .refine((items) => unique(items.map((i) => i.itemId)), "an evidence item is listed twice")
    .refine(
      (items) =>
        items.every(
          (i) =>
            i.manifest === bundlePaths.manifest(i.itemId) &&
            i.file === bundlePaths.file(i.itemId, i.fileName),
        ),
      "an evidence path is not evidence/<item id>/manifest.json or evidence/<item id>/file/<file name>",
    ),
  messages: z
    .array(
      z.strictObject({
        messageId: UuidSchema,
        from: StateCodeSchema,
        to: StateCodeSchema,
        kind: z.string().min(1).max(100),
        path: z.string(),
      }),
    )
    .refine((messages) => unique(messages.map((m) => m.messageId)), "a message is listed twice")
    .refine(
      pathsAre((m: { messageId: string; path: string }) => bundlePaths.message(m.messageId)),
      "a message path is not messages/<id>.jws",
    ),
  receipts: z
    .array(z.strictObject({ messageId: UuidSchema, path: z.string() }))
    .refine((receipts) => unique(receipts.map((r) => r.messageId)), "a receipt is listed twice")
    .refine(
      pathsAre((r: { messageId: string; path: string }) => bundlePaths.receipt(r.messageId)),
      "a receipt path is not receipts/<id>.json",
    ),
  custody: z.literal(CUSTODY_PATH),
});
export type BundleIndex = z.infer<typeof BundleIndexSchema>;

/**
 * Every member the index names, in the order the writer puts them: cards and ledgers first, then
 * each manifest just before its file (so a verifier reading the tar once can check the file against
 * it as it streams by), messages, receipts, the CASE/UCO document. bundle.json comes before all of
 * them and SHA256SUMS after.
 */
export function memberPaths(index: BundleIndex): string[] {
  return [
    ...index.nodes.map((n) => n.path),
    ...index.ledgers.map((l) => l.path),
    ...index.items.flatMap((i) => [i.manifest, i.file]),
    ...index.messages.map((m) => m.path),
    ...index.receipts.map((r) => r.path),
    index.custody,
  ];
}

/**
 * Why a tar member name is unsafe to extract, or undefined when it is a plain relative path:
 * absolute paths, `.`/`..` segments, empty segments, backslashes and control characters are refused.
 */
export function unsafePathReason(name: string): string | undefined {
  if (name.length === 0) return "an empty name";
  if (name.startsWith("/")) return "an absolute path";
  if (name.includes("\\")) return "a backslash in the path";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return "a control character in the path";
  const segments = name.split("/");
  if (segments.includes("..")) return "a '..' segment (path traversal)";
  if (segments.some((s) => s === "" || s === ".")) return "an empty or '.' segment";
  return undefined;
}

/** One line of SHA256SUMS, in the form `sha256sum` prints and `sha256sum -c` reads. */
export const sumsLine = (sha256: string, path: string): string => `${sha256}  ${path}\n`;

/**
 * Parses SHA256SUMS: `<64 hex>  <path>` (or ` *<path>`, the binary-mode marker) per line. Returns
 * the entries and the lines that are not in that form (1-based numbers).
 */
export function parseSums(text: string): { entries: { sha256: string; path: string }[]; badLines: number[] } {
  const entries: { sha256: string; path: string }[] = [];
  const badLines: number[] = [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((line, i) => {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (match?.[1] && match[2]) entries.push({ sha256: match[1], path: match[2] });
    else badLines.push(i + 1);
  });
  return { entries, badLines };
}
