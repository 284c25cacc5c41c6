/**
 * A node's answer to "prove that your log at size `first` is a prefix of your log at size
 * `second`": the roots it holds for both sizes and the RFC 9162 consistency proof, signed by the
 * node's current signing key as a compact JWS (`alg: "Ed25519"`). Signed, so that an answer that
 * contradicts a tree head the node signed, or a proof that does not verify, is evidence another
 * State can check without trusting us: the node said it, not merely our network.
 *
 * Pure apart from the signature: the peer's card and the time are passed in.
 */
import type { KeyObject } from "node:crypto";
import { CompactSign, compactVerify, decodeProtectedHeader } from "jose";
import { z } from "zod";
import { canonicalJson } from "../crypto/canonical-json.js";
import { JWS_ALG } from "../crypto/envelope-headers.js";
import type { NodeCard } from "../directory/node-card.js";
import { currentKeys, publicKeyOf } from "../directory/node-card-keys.js";
import { FederationError } from "./errors.js";

export const CONSISTENCY_PATH = "/federation/v1/ledger/consistency";
/** The JWS `typ`: keeps a signed answer from passing as a message, or the reverse. */
export const CONSISTENCY_TYPE = "rogatory-consistency-v1+json";

const Base64Hash = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, "a 32-byte hash in padded base64");

export const ConsistencyAnswerSchema = z
  .object({
    /** The answering node's log: `<State>/<key id>`. */
    logId: z.string(),
    first: z.number().int().min(1),
    second: z.number().int().min(1),
    firstRoot: Base64Hash,
    secondRoot: Base64Hash,
    proof: z.array(Base64Hash).max(128),
  })
  .strict();
export type ConsistencyAnswer = z.infer<typeof ConsistencyAnswerSchema>;

export const consistencyUrl = (card: NodeCard, first: number, second: number): string =>
  `${card.endpoint.replace(/\/+$/, "")}${CONSISTENCY_PATH}?first=${first}&second=${second}`;

/** Signs an answer with the node's signing key; `logId` names the key (`<State>/<key id>`). */
export async function signConsistencyAnswer(
  answer: ConsistencyAnswer,
  signingKey: KeyObject,
): Promise<string> {
  const checked = ConsistencyAnswerSchema.parse(answer);
  return new CompactSign(new TextEncoder().encode(canonicalJson(checked)))
    .setProtectedHeader({ alg: JWS_ALG, kid: checked.logId, typ: CONSISTENCY_TYPE })
    .sign(signingKey);
}

const unverifiable = (message: string) => new FederationError("FEDERATION_UNVERIFIABLE_PROOF", message);

/**
 * Opens `peer`'s signed answer for (`first`, `second`): signed by a signing key current on the
 * peer's card, and about the sizes asked. Throws FEDERATION_UNVERIFIABLE_PROOF otherwise: such an
 * answer proves nothing either way (anyone on the path could have sent it), so it raises no alarm.
 */
export async function openConsistencyAnswer(
  jws: string,
  expected: { card: NodeCard; now: Date; first: number; second: number },
): Promise<ConsistencyAnswer> {
  const { card } = expected;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw unverifiable(`${card.state}'s answer is not a compact JWS`);
  }
  if (header.alg !== JWS_ALG || header.typ !== CONSISTENCY_TYPE || typeof header.kid !== "string") {
    throw unverifiable(`${card.state}'s answer has an unexpected JWS header`);
  }
  const [state, kid] = header.kid.split("/");
  const key = currentKeys(card, expected.now, "sig").find((k) => k.kid === kid);
  if (state !== card.state || key === undefined) {
    throw unverifiable(`${card.state}'s answer is signed by ${header.kid}, not a current key of its card`);
  }
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, publicKeyOf(key), { algorithms: [JWS_ALG] }));
  } catch {
    throw unverifiable(`${card.state}'s answer's signature does not verify`);
  }
  let parsed: ReturnType<typeof ConsistencyAnswerSchema.safeParse>;
  try {
    parsed = ConsistencyAnswerSchema.safeParse(JSON.parse(new TextDecoder().decode(payload)));
  } catch {
    throw unverifiable(`${card.state}'s answer is not JSON`);
  }
  if (!parsed.success) throw unverifiable(`${card.state}'s answer is malformed`);
  const answer = parsed.data;
  if (answer.logId !== header.kid || answer.first !== expected.first || answer.second !== expected.second) {
    throw unverifiable(`${card.state}'s answer is not about sizes ${expected.first} and ${expected.second}`);
  }
  return answer;
}
