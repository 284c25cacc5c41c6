/**
 * The signed messages and receipts of a court bundle. A message is the sender's compact JWS over the
 * RFC 8785 JSON of the message (docs/protocol.md §3): it must carry our header, verify with the
 * sender's signing key from its card (current when the message was created), hold exactly its
 * canonical form, and be the message bundle.json lists (id, from, to, kind). A receipt is the
 * receiving node's ledger entry for a listed message, with a tree head signed by that node and the
 * entry's inclusion proof: checked with the federation's own receipt rules.
 */
import { compactVerify } from "jose";
import { z } from "zod";
import { decodeHeader, decodeUtf8, splitCompact } from "../crypto/envelope-compact.js";
import { checkJwsHeader, JWS_ALG } from "../crypto/envelope-headers.js";
import { MESSAGE_BODY_SCHEMAS } from "../crypto/envelope-kinds.js";
import { canonicalMessage, parseMessageBody, parseMessageHeader } from "../crypto/envelope-message.js";
import { verifyReceipt } from "../federation/receipts.js";
import type { BundleIndex } from "./court-bundle-format.js";
import type { BundleCheck } from "./court-bundle-read.js";
import { type Proven, signingKey } from "./court-bundle-signatures.js";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function checkMessages(
  index: BundleIndex,
  documents: Map<string, Buffer>,
  proven: Proven,
): Promise<BundleCheck[]> {
  const checks: BundleCheck[] = [];
  for (const listed of index.messages) {
    try {
      const bytes = documents.get(listed.path);
      if (bytes === undefined) throw new Error("missing from the tar");
      const jws = decodeUtf8(bytes, "the JWS");
      const parts = splitCompact(jws, 3, Number.POSITIVE_INFINITY);
      const signer = checkJwsHeader(decodeHeader(parts[0] ?? "", "JWS header"));
      // The signature first: until it verifies, nothing in the payload is worth reading.
      const key = signingKey(proven, signer.state, signer.keyId);
      let payload: Uint8Array;
      try {
        ({ payload } = await compactVerify(jws, key, { algorithms: [JWS_ALG] }));
      } catch {
        throw new Error(
          `the signature does not verify with ${signer.kid}: the message was altered or forged`,
        );
      }
      const payloadText = decodeUtf8(payload, "the signed payload");
      const value: unknown = JSON.parse(payloadText);
      if (canonicalMessage(value) !== payloadText) throw new Error("the signed payload is not RFC 8785 JSON");
      const header = parseMessageHeader(value);
      if (signer.state !== header.from) throw new Error(`from ${header.from} but signed with ${signer.kid}`);
      signingKey(proven, signer.state, signer.keyId, new Date(header.created));
      parseMessageBody(header);
      const differs = (["messageId", "from", "to", "kind"] as const).find(
        (field) => listed[field] !== (field === "messageId" ? header.id : header[field]),
      );
      if (differs) throw new Error(`the signed message's ${differs} is not the one bundle.json lists`);
      checks.push({
        ok: true,
        subject: listed.path,
        message: `${header.kind} ${header.from} → ${header.to} of ${header.created}, signed by ${signer.state}'s key ${signer.keyId}`,
      });
    } catch (error) {
      checks.push({ ok: false, subject: listed.path, message: messageOf(error) });
    }
  }
  return checks;
}

export function checkReceipts(
  index: BundleIndex,
  documents: Map<string, Buffer>,
  proven: Proven,
): BundleCheck[] {
  return index.receipts.map(({ messageId, path }) => {
    try {
      const message = index.messages.find((m) => m.messageId === messageId);
      if (message === undefined)
        throw new Error(`a receipt for message ${messageId}, which the bundle does not hold`);
      const bytes = documents.get(path);
      if (bytes === undefined) throw new Error("missing from the tar");
      const parsed = MESSAGE_BODY_SCHEMAS.receipt.safeParse(JSON.parse(bytes.toString("utf8")));
      if (!parsed.success) throw new Error(`not a receipt: ${z.prettifyError(parsed.error)}`);
      const card = proven.cards.get(message.to);
      if (card === undefined) throw new Error(`no verified node card for ${message.to}, the receiver`);
      const body = parsed.data;
      // The receiver's key must have been current when it signed the head, not when the court reads it.
      verifyReceipt(body, { messageId, from: message.from, card, now: new Date(body.treeHead.timestamp) });
      return {
        ok: true,
        subject: path,
        message: `${message.to} recorded message ${messageId} from ${message.from} at entry ${body.entry.index} of its ledger, proven in its tree head of size ${body.treeHead.size}`,
      };
    } catch (error) {
      return { ok: false, subject: path, message: messageOf(error) };
    }
  });
}
