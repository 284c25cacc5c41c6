/**
 * Checking entries of another node's ledger that come with inclusion proofs against one of its
 * signed tree heads (a `ProvenLedger`): the head's signature with the node's key, then each entry's
 * RFC 9162 inclusion. Pure; the key lookup is passed in.
 */
import type { KeyObject } from "node:crypto";
import { type Entry, entryLeafHash } from "../ledger/entry.js";
import { verifyTreeHead } from "../ledger/tree-head.js";
import { verifyInclusion } from "../ledger/verify-proof.js";
import type { ProvenLedger } from "./custody.js";
import { EvidenceError } from "./errors.js";

const invalid = (message: string) => new EvidenceError("EVIDENCE_CUSTODY_INVALID", message);

/** The proven entries, in ledger order; throws EVIDENCE_CUSTODY_INVALID naming what fails. */
export function verifyProvenLedger(
  ledger: ProvenLedger,
  signingKeyOf: (kid: string) => KeyObject | undefined,
): Entry[] {
  const head = ledger.treeHead;
  const [logState, kid = ""] = head.logId.split("/");
  if (logState !== ledger.state)
    throw invalid(`the tree head is of log ${head.logId}, not ${ledger.state}'s`);
  const key = signingKeyOf(kid);
  const root = new Uint8Array(Buffer.from(head.root, "base64"));
  if (key === undefined || !verifyTreeHead({ ...head, root }, key)) {
    throw invalid(
      `the signed tree head (size ${head.size}) does not verify with ${ledger.state}'s key ${kid}`,
    );
  }
  const seen = new Set<number>();
  for (const { entry, proof } of ledger.entries) {
    if (seen.has(entry.index)) throw invalid(`entry ${entry.index} is listed twice`);
    seen.add(entry.index);
    const hashes = proof.map((hex) => new Uint8Array(Buffer.from(hex, "hex")));
    if (!verifyInclusion(entry.index, head.size, entryLeafHash(entry), hashes, root)) {
      throw invalid(
        `entry ${entry.index} (${entry.type}) is not included in the signed tree head: the entry or its proof was altered`,
      );
    }
  }
  return ledger.entries.map((e) => e.entry).sort((a, b) => a.index - b.index);
}
