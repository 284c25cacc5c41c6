/** The TLS certificates on a node card: what a card may list, which are current, and that the signature covers them. */
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { describe, expect, it } from "vitest";
import { generateNodeKeys } from "../crypto/node-keys.js";
import { type NodeCard, parseNodeCard, parseSignedCard } from "./node-card.js";
import { signatureVerifies, signCard } from "./node-card-sign.js";
import {
  cardErrorCode,
  cardErrorOf,
  day,
  iso,
  makeCard,
  nextCard,
  TLS_FIXTURES,
  tlsFixture,
} from "./node-card-test-kit.js";
import { certificateDer, certificatePem, currentTlsCertificates, tlsEntryOf } from "./node-card-tls.js";
import { verifyCardUpdate } from "./node-card-verify.js";

const keys = generateNodeKeys();

const codeOf = cardErrorCode;

const withTls = (tls: unknown): unknown => ({ ...makeCard(keys), tls });

const messageOf = (fn: () => unknown): string => cardErrorOf(fn)?.message ?? "no error";

type WebCryptoOfX509 = NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>;
const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/** A self-signed P-256 certificate for TLS server and client, with the basic constraints and key usage given. */
async function selfSigned(ca: boolean, usages: x509.KeyUsageFlags): Promise<Buffer> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: "01",
      name: `CN=test ${ca ? "CA" : "leaf"} ${usages}`,
      notBefore: new Date("2025-01-01T00:00:00Z"),
      notAfter: new Date("2035-01-01T00:00:00Z"),
      signingAlgorithm: ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(ca, undefined, true),
        new x509.KeyUsagesExtension(usages, true),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.serverAuth,
          x509.ExtendedKeyUsage.clientAuth,
        ]),
      ],
    },
    webcrypto as unknown as WebCryptoOfX509,
  );
  return Buffer.from(certificate.rawData);
}

describe("a card's TLS certificates", () => {
  it("are listed by the SHA-256 of their DER, which the PEM form carries unchanged", () => {
    const entry = tlsFixture(0);
    expect(parseNodeCard(makeCard(keys)).tls).toEqual([entry]);
    const pem = certificatePem(entry);
    expect(pem.startsWith("-----BEGIN CERTIFICATE-----\n")).toBe(true);
    expect(Buffer.from(pem.replace(/-----[A-Z ]+-----|\n/g, ""), "base64")).toEqual(certificateDer(entry));
  });

  it("are refused when missing, or when the hash is not that of the certificate", () => {
    expect(codeOf(() => parseNodeCard(withTls([])))).toBe("CARD_MALFORMED");
    expect(codeOf(() => parseNodeCard({ ...makeCard(keys), tls: undefined }))).toBe("CARD_MALFORMED");
    const wrongHash = { ...tlsFixture(0), sha256: tlsFixture(1).sha256 };
    expect(codeOf(() => parseNodeCard(withTls([wrongHash])))).toBe("CARD_MALFORMED");
  });

  it("are refused when not an X.509 certificate, not canonical base64, or listed twice", () => {
    const garbage = tlsEntryOf(Buffer.from("not a certificate"), iso(-1));
    expect(codeOf(() => parseNodeCard(withTls([garbage])))).toBe("CARD_MALFORMED");
    // The last character's spare bits set: the same bytes, spelled differently.
    const entry = tlsFixture(0);
    const text = entry.certificate.replace(/=+$/, "");
    expect(text.length).toBeLessThan(entry.certificate.length); // the fixture has padding, so spare bits
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const last = alphabet[alphabet.indexOf(text.at(-1) ?? "A") + 1] ?? "";
    const respelled = {
      ...entry,
      certificate: `${text.slice(0, -1)}${last}${entry.certificate.slice(text.length)}`,
    };
    expect(Buffer.from(respelled.certificate, "base64")).toEqual(certificateDer(entry));
    expect(codeOf(() => parseNodeCard(withTls([respelled])))).toBe("CARD_MALFORMED");
    expect(codeOf(() => parseNodeCard(withTls([entry, entry])))).toBe("CARD_MALFORMED");
  });

  it("are refused when a certificate is not self-signed (altered signature bytes)", () => {
    const der = Buffer.from(TLS_FIXTURES[0], "base64");
    der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0x01;
    const altered = tlsEntryOf(der, iso(-1));
    expect(codeOf(() => parseNodeCard(withTls([altered])))).toBe("CARD_MALFORMED");
  });

  it("are refused when a CA certificate (CA:true) or one allowed to sign certificates (keyCertSign)", async () => {
    const { digitalSignature, keyCertSign } = x509.KeyUsageFlags;
    // The same kind of certificate as a leaf is accepted: only CA-ness differs below.
    const leaf = tlsEntryOf(await selfSigned(false, digitalSignature), iso(-1));
    expect(parseNodeCard(withTls([leaf])).tls).toEqual([leaf]);
    const ca = tlsEntryOf(await selfSigned(true, digitalSignature | keyCertSign), iso(-1));
    expect(messageOf(() => parseNodeCard(withTls([ca])))).toMatch(/must not be a CA certificate/);
    expect(codeOf(() => parseNodeCard(withTls([ca])))).toBe("CARD_MALFORMED");
    const caWithoutCertSign = tlsEntryOf(await selfSigned(true, digitalSignature), iso(-1));
    expect(messageOf(() => parseNodeCard(withTls([caWithoutCertSign])))).toMatch(/must not be a CA/);
    const certSign = tlsEntryOf(await selfSigned(false, digitalSignature | keyCertSign), iso(-1));
    expect(messageOf(() => parseNodeCard(withTls([certSign])))).toMatch(/keyCertSign/);
  });

  it("have a validity: only current ones count, and a card must leave one current", () => {
    const card = parseNodeCard(
      withTls([
        tlsFixture(1, { notBefore: iso(0) }),
        tlsFixture(0, { notBefore: iso(-1), notAfter: iso(7) }),
      ]),
    );
    expect(currentTlsCertificates(card, day(1)).map((e) => e.sha256)).toEqual(card.tls.map((e) => e.sha256));
    expect(currentTlsCertificates(card, day(7)).map((e) => e.sha256)).toEqual([tlsFixture(1).sha256]);
    const expired = makeCard(keys, { tls: [tlsFixture(0, { notAfter: iso(0) })] });
    const signed = signCard(expired, keys.signing.privateKey);
    expect(codeOf(() => verifyCardUpdate(undefined, signed, day(1)))).toBe("CARD_NO_CURRENT_KEY");
    expect(codeOf(() => parseNodeCard(withTls([tlsFixture(0, { notAfter: iso(-1) })])))).toBe(
      "CARD_MALFORMED",
    );
  });

  it("are covered by the card's signature, and may change in an update signed by the previous key", () => {
    const first = signCard(makeCard(keys), keys.signing.privateKey);
    const swapped = { ...first, card: { ...first.card, tls: [tlsFixture(1)] } as NodeCard };
    expect(signatureVerifies(parseSignedCard(swapped), keys.signing.publicKey)).toBe(false);
    expect(codeOf(() => verifyCardUpdate(undefined, swapped, day(0)))).toBe("CARD_BAD_SIGNATURE");
    const rotated = nextCard(first.card, { tls: [tlsFixture(1), tlsFixture(0, { notAfter: iso(7) })] });
    const update = signCard(rotated, keys.signing.privateKey);
    expect(verifyCardUpdate(first, update, day(0)).signed.card.tls).toHaveLength(2);
  });
});
