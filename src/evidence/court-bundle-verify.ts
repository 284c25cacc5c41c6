/**
 * Offline verification of a court bundle: reads only the file (no network, no database) and checks
 * everything in it against everything else, down to the node keys whose fingerprints the court
 * compares with those the States published. Returns a report with one finding per member and per
 * evidence item's custody; `ok` only when every finding passed. docs/evidence.md, "Court bundle",
 * lists the checks in the same order.
 */
import { canonicalJson } from "../crypto/canonical-json.js";
import { custodyToCaseUco } from "./case-uco.js";
import { checkCaseUco } from "./case-uco-shapes.js";
import { checkCustody } from "./court-bundle-custody.js";
import {
  type BundleIndex,
  type COURT_BUNDLE_FORMAT,
  CUSTODY_PATH,
  memberPaths,
  parseSums,
  SUMS_PATH,
} from "./court-bundle-format.js";
import { checkMessages, checkReceipts } from "./court-bundle-messages.js";
import { type BundleCheck, type BundleRead, readBundle } from "./court-bundle-read.js";
import {
  checkCards,
  checkLedgers,
  checkManifests,
  type NodeKeyReport,
  type Proven,
} from "./court-bundle-signatures.js";
import { buildCustodyRecord } from "./custody-record.js";

export type { BundleCheck } from "./court-bundle-read.js";

export type CourtBundleReport = {
  ok: boolean;
  format: typeof COURT_BUNDLE_FORMAT | undefined;
  request: BundleIndex["request"] | undefined;
  export: { at: string; by: string; purpose: string; state: string } | undefined;
  /** The signing keys of every node whose card verified, with their fingerprints. */
  nodes: NodeKeyReport[];
  checks: BundleCheck[];
  /** Each failed check as `<member or item>: <what is wrong>`. */
  failures: string[];
};

/** Verifies the bundle at `path`. Throws only when the file cannot be opened or read (a usage error). */
export async function verifyCourtBundle(path: string): Promise<CourtBundleReport> {
  const read = await readBundle(path);
  const index = read.index;
  const checks: BundleCheck[] = [];
  const proven: Proven = { checks, cards: new Map(), nodeKeys: [], entries: new Map(), manifests: new Map() };
  if (read.refusal !== undefined || index === undefined) {
    checks.push(read.refusal ?? { ok: false, subject: "bundle", message: "not a court bundle" });
  } else {
    checks.push(...structureChecks(index, read), sumsCheck(read));
    checkCards(index, read.documents, proven);
    checks.push(...involvedStates(index));
    checkLedgers(index, read.documents, proven);
    checkManifests(index, read.documents, proven);
    for (const item of index.items) {
      const found = read.evidence.get(item.file);
      if (found !== undefined) checks.push({ ok: found.ok, subject: item.file, message: found.message });
    }
    checks.push(...checkCustody(index, proven));
    checks.push(...(await checkMessages(index, read.documents, proven)));
    checks.push(...checkReceipts(index, read.documents, proven));
    checks.push(custodyDocumentCheck(index, read, proven));
  }
  const failures = checks.filter((c) => !c.ok).map((c) => `${c.subject}: ${c.message}`);
  return {
    ok: failures.length === 0,
    format: index?.format,
    request: index?.request,
    export: index && {
      at: index.exportedAt,
      by: index.exportedBy,
      purpose: index.purpose,
      state: index.exportingState,
    },
    nodes: proven.nodeKeys,
    checks,
    failures,
  };
}

/** Every member the index names is in the tar, and nothing else is. */
function structureChecks(index: BundleIndex, read: BundleRead): BundleCheck[] {
  const checks: BundleCheck[] = [];
  for (const path of [...memberPaths(index), SUMS_PATH]) {
    if (!read.hashes.has(path))
      checks.push({ ok: false, subject: path, message: "missing from the tar (bundle.json names it)" });
  }
  for (const path of read.unexpected) {
    checks.push({ ok: false, subject: path, message: "not named by bundle.json: a file was added" });
  }
  if (checks.length === 0) {
    checks.push({
      ok: true,
      subject: "bundle.json",
      message: `names exactly the ${read.hashes.size - 1} other members of the tar`,
    });
  }
  return checks;
}

function sumsCheck(read: BundleRead): BundleCheck {
  const fail = (message: string): BundleCheck => ({ ok: false, subject: SUMS_PATH, message });
  const bytes = read.documents.get(SUMS_PATH);
  if (bytes === undefined) return fail("missing: nothing lists the members' SHA-256");
  const { entries, badLines } = parseSums(bytes.toString("utf8"));
  if (badLines.length > 0) return fail(`line ${badLines[0]} is not "<sha256>  <path>"`);
  const problems: string[] = [];
  const listed = new Set<string>();
  for (const { sha256, path } of entries) {
    if (listed.has(path)) problems.push(`lists ${path} twice`);
    listed.add(path);
    const actual = read.hashes.get(path);
    if (actual === undefined) problems.push(`lists ${path}, which is not in the tar`);
    else if (actual !== sha256) problems.push(`the line for ${path} does not match that file`);
  }
  for (const path of read.hashes.keys()) {
    if (path !== SUMS_PATH && !listed.has(path)) problems.push(`does not list ${path}`);
  }
  if (problems.length > 0) return fail(problems.join("; "));
  return {
    ok: true,
    subject: SUMS_PATH,
    message: `every one of the ${entries.length} other members matches its line`,
  };
}

/** Every State the bundle involves has a card in it, so no signature rests on a key from elsewhere. */
function involvedStates(index: BundleIndex): BundleCheck[] {
  const states = new Set([
    index.exportingState,
    index.request.requestingState,
    index.request.requestedState,
    ...index.ledgers.map((l) => l.state),
    ...index.items.map((i) => i.providingState),
    ...index.messages.flatMap((m) => [m.from, m.to]),
  ]);
  const carded = new Set(index.nodes.map((n) => n.state));
  return [...states]
    .filter((state) => !carded.has(state))
    .map((state) => ({
      ok: false,
      subject: "bundle.json",
      message: `no node card for ${state}, which the bundle involves`,
    }));
}

/**
 * custody.jsonld must be exactly the CASE/UCO rendering of the custody record the proven ledger
 * entries and the verified manifests give: rendered again here and compared, so it carries nothing
 * the signatures do not back.
 */
function custodyDocumentCheck(index: BundleIndex, read: BundleRead, proven: Proven): BundleCheck {
  const fail = (message: string): BundleCheck => ({ ok: false, subject: CUSTODY_PATH, message });
  const bytes = read.documents.get(CUSTODY_PATH);
  if (bytes === undefined) return fail("missing: no CASE/UCO rendering of the custody record");
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString("utf8"));
  } catch {
    return fail("not JSON");
  }
  const manifests = index.items.flatMap((item) => {
    const verified = proven.manifests.get(item.itemId);
    return verified === undefined ? [] : [verified.manifest];
  });
  if (manifests.length !== index.items.length) return fail("not checked: a manifest did not verify");
  let expected: object;
  try {
    // The record is of the request as both States know it: the requesting node's id, which the
    // manifests name (a bundle exported by the requested node carries it as `remoteRequestId`).
    const shared = { ...index.request, id: index.request.remoteRequestId ?? index.request.id };
    expected = custodyToCaseUco(buildCustodyRecord(shared, manifests, proven.entries));
  } catch (error) {
    return fail(`the proven custody record cannot be rendered: ${(error as Error).message}`);
  }
  if (canonicalJson(expected) !== canonicalJson(document)) {
    return fail("differs from the CASE/UCO rendering of the proven custody record: it was altered");
  }
  const problems = checkCaseUco(document);
  if (problems.length > 0) return fail(`breaks the CASE ontology's structure: ${problems[0]}`);
  return {
    ok: true,
    subject: CUSTODY_PATH,
    message: "CASE/UCO JSON-LD: exactly the rendering of the custody record proven above",
  };
}
