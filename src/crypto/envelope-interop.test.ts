/**
 * Interoperability with a JOSE implementation that is not ours: Python's joserfc decrypts and
 * verifies an envelope we sealed, and seals one we open, following docs/protocol.md with the
 * library's standard calls and keys passed as JWK. Skipped, saying so, where python3 cannot import
 * joserfc (nothing is installed by the test). Only joserfc is scripted: it is the library we could
 * run these scripts against; a jwcrypto version would be untested code.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";
import { openMessage, sealMessage } from "./envelope.js";
import { makeMessage, makeNode, openOptions, REQUEST_ID, sealOptions } from "./envelope-test-kit.js";

function probe(): string | undefined {
  const run = spawnSync("python3", ["-c", "import joserfc"], { encoding: "utf8" });
  if (run.error) return `python3 is not available (${run.error.message})`;
  if (run.status !== 0)
    return "python3 cannot import joserfc (the library this test scripts); install it to run this test";
  return undefined;
}
const missing = probe();

/** Runs a Python script with `input` as JSON on stdin and returns its JSON output. */
function python(script: string, input: unknown): Record<string, unknown> {
  const run = spawnSync("python3", ["-c", script], { input: JSON.stringify(input), encoding: "utf8" });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const OPEN_IN_PYTHON = `
import json, sys
from joserfc import jwe, jws
from joserfc.jwk import OKPKey
args = json.load(sys.stdin)
recipient = OKPKey.import_key(args["recipientJwk"])
sender = OKPKey.import_key(args["senderJwk"])
try:
    decrypted = jwe.decrypt_compact(args["sealed"], recipient, algorithms=["ECDH-ES+A256KW", "A256GCM"])
    signed = jws.deserialize_compact(decrypted.plaintext, sender, algorithms=["Ed25519"])
    print(json.dumps({"jwe": decrypted.protected, "jws": signed.protected, "payload": signed.payload.decode("utf-8")}))
except Exception as error:
    print(json.dumps({"error": type(error).__name__}))
`;

const SEAL_IN_PYTHON = `
import json, sys
from joserfc import jwe, jws
from joserfc.jwk import OKPKey
args = json.load(sys.stdin)
signer = OKPKey.import_key(args["senderJwk"])
recipient = OKPKey.import_key(args["recipientJwk"])
# RFC 8785 for a message of ASCII strings and no numbers is sorted keys and no whitespace.
payload = json.dumps(args["message"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
signed = jws.serialize_compact(
    {"alg": "Ed25519", "kid": args["senderKid"], "typ": "rogatory-message-v1+jws"}, payload, signer, algorithms=["Ed25519"])
sealed = jwe.encrypt_compact(
    {"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "kid": args["recipientKid"], "cty": "rogatory-message-v1+jws"},
    signed, recipient, algorithms=["ECDH-ES+A256KW", "A256GCM"])
print(json.dumps({"sealed": sealed}))
`;

const XA = makeNode("XA");
const XB = makeNode("XB");
const XC = makeNode("XC");
const jwk = (key: { export(options: { format: "jwk" }): unknown }) => key.export({ format: "jwk" });

describe.skipIf(missing !== undefined)("interoperability with Python joserfc", () => {
  it("joserfc decrypts and verifies a sealed message, and reads exactly the message we signed", async () => {
    const message = makeMessage(XA, XB);
    const sealed = await sealMessage(message, sealOptions(XA, XB));
    const result = python(OPEN_IN_PYTHON, {
      sealed,
      recipientJwk: jwk(XB.encryption.privateKey),
      senderJwk: jwk(XA.signing.publicKey),
    });
    expect(result.error).toBeUndefined();
    expect(result.payload).toBe(canonicalJson(message));
    expect(result.jws).toEqual({
      alg: "Ed25519",
      kid: `XA/${XA.signingKeyId}`,
      typ: "rogatory-message-v1+jws",
    });
    expect(result.jwe).toMatchObject({
      alg: "ECDH-ES+A256KW",
      enc: "A256GCM",
      kid: `XB/${XB.encryptionKeyId}`,
    });
  });

  it("joserfc refuses a message signed by another node's key, so its check is real", async () => {
    const sealed = await sealMessage(makeMessage(XA, XB), sealOptions(XA, XB));
    const result = python(OPEN_IN_PYTHON, {
      sealed,
      recipientJwk: jwk(XB.encryption.privateKey),
      senderJwk: jwk(XC.signing.publicKey),
    });
    expect(result.error).toBe("BadSignatureError");
  });

  it("we open a message joserfc sealed by following docs/protocol.md", async () => {
    const body = { requestId: REQUEST_ID, reasons: "No longer pursued." };
    const message = makeMessage(XA, XB, { kind: "withdrawal", body });
    const { sealed } = python(SEAL_IN_PYTHON, {
      message,
      senderJwk: jwk(XA.signing.privateKey),
      senderKid: `XA/${XA.signingKeyId}`,
      recipientJwk: jwk(XB.encryption.publicKey),
      recipientKid: `XB/${XB.encryptionKeyId}`,
    });
    expect(await openMessage(sealed, openOptions(XB, [XA]))).toEqual(message);
    // The receiver's checks still apply to it: a directory that does not know XA refuses it.
    await expect(openMessage(sealed, openOptions(XB, [XC]))).rejects.toMatchObject({
      name: "EnvelopeError",
      code: "ENVELOPE_UNKNOWN_KEY",
    });
  });
});

if (missing !== undefined) {
  describe("interoperability with Python joserfc", () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
}
