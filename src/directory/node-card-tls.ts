/**
 * The TLS certificates on a node card: what a listed certificate must be, which are current at a
 * moment, and their fingerprints. Node-to-node TLS trusts no certificate authority: a peer is
 * accepted, as a server or as a client, only if it presents one of the certificates its card lists
 * and that is current now — pinned by the SHA-256 of its DER (docs/protocol.md §12).
 *
 * The certificate is attacker-controlled input until the card's signature is checked, and is
 * parsed by node:crypto's X.509 parser here, once, for shape only; @peculiar/x509 then reads the
 * two extensions node:crypto does not expose (basic constraints, key usage) of what it accepted.
 */
// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API loaded first.
import "reflect-metadata";
import { createHash, X509Certificate } from "node:crypto";
import * as x509 from "@peculiar/x509";
import type { CardTlsCertificate, NodeCard } from "./node-card.js";
import type { CardError } from "./node-card-errors.js";

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

/**
 * Hex SHA-256 of a certificate's DER: how a card lists it and how peers pin it. The one place it is
 * computed, so that the card, this node's identity and the TLS checks can never disagree on it.
 */
export const certificateSha256 = (der: Uint8Array): string => createHash("sha256").update(der).digest("hex");

/** The certificate's DER bytes. */
export const certificateDer = (entry: Pick<CardTlsCertificate, "certificate">): Buffer =>
  Buffer.from(entry.certificate, "base64");

/** The certificate in PEM, as TLS libraries take trust anchors. */
export function certificatePem(entry: Pick<CardTlsCertificate, "certificate">): string {
  const lines = entry.certificate.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** The card entry for a certificate (DER), valid from `notBefore`. */
export function tlsEntryOf(der: Uint8Array, notBefore: string): CardTlsCertificate {
  const bytes = Buffer.from(der);
  return {
    sha256: certificateSha256(bytes),
    certificate: bytes.toString("base64"),
    notBefore,
  };
}

/** True when the certificate may be used at `now`: begun and not expired (bounds half-open). */
export function isTlsCurrent(entry: CardTlsCertificate, now: Date): boolean {
  const at = now.getTime();
  if (Date.parse(entry.notBefore) > at) return false;
  return entry.notAfter === undefined || Date.parse(entry.notAfter) > at;
}

/** The card's certificates that are current at `now`, in the card's order. */
export const currentTlsCertificates = (card: NodeCard, now: Date): CardTlsCertificate[] =>
  card.tls.filter((entry) => isTlsCurrent(entry, now));

/**
 * What the schema cannot say: each certificate is a self-signed X.509 certificate on P-256 or
 * Ed25519, usable for TLS server and client authentication, listed once, under its own SHA-256,
 * with a subject no other certificate of the card has.
 */
export function checkTlsCertificates(
  card: NodeCard,
  malformed: (message: string, cause?: unknown) => CardError,
): void {
  const seen = new Set<string>();
  const subjects = new Set<string>();
  for (const [i, entry] of card.tls.entries()) {
    const where = `tls[${i}]`;
    const der = certificateDer(entry);
    // Base64 can spell the same bytes twice: only the canonical spelling, so the signed card is unique.
    if (der.toString("base64") !== entry.certificate) throw malformed(`${where}: not canonical base64`);
    if (seen.has(entry.sha256)) throw malformed(`${where}: the certificate appears twice`);
    seen.add(entry.sha256);
    if (certificateSha256(der) !== entry.sha256)
      throw malformed(`${where}: sha256 is not the SHA-256 of the certificate`);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(der);
    } catch (cause) {
      throw malformed(`${where}: not an X.509 certificate`, cause);
    }
    const problem = certificateProblem(certificate, der);
    if (problem !== undefined) throw malformed(`${where}: ${problem}`);
    // TLS libraries look trust anchors up by subject: two anchors of one name can hide each other.
    if (subjects.has(certificate.subject))
      throw malformed(`${where}: another certificate has the same subject`);
    subjects.add(certificate.subject);
    if (entry.notAfter !== undefined && Date.parse(entry.notAfter) <= Date.parse(entry.notBefore)) {
      throw malformed(`${where}: notAfter must be later than notBefore`);
    }
  }
}

function certificateProblem(certificate: X509Certificate, der: Buffer): string | undefined {
  const key = certificate.publicKey;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const supported =
    key.asymmetricKeyType === "ed25519" || (key.asymmetricKeyType === "ec" && curve === "prime256v1");
  if (!supported) return "the certificate's key must be ECDSA P-256 or Ed25519";
  // Pinned certificates are their own trust anchors: TLS libraries accept them only self-signed.
  if (certificate.subject !== certificate.issuer || !certificate.verify(key)) {
    return "the certificate must be self-signed";
  }
  const usages = certificate.keyUsage;
  if (usages !== undefined && !(usages.includes(SERVER_AUTH) && usages.includes(CLIENT_AUTH))) {
    return "the certificate must allow TLS server and client authentication";
  }
  return caProblem(der);
}

/**
 * A pinned certificate is a trust anchor for the whole TLS stack: were it a CA certificate, its
 * holder could issue a leaf that chains to it. The fingerprint check would still refuse that leaf,
 * but a pin should name one endpoint, never an issuer — so no CA:true and no keyCertSign.
 */
function caProblem(der: Buffer): string | undefined {
  let isCa: boolean;
  let usages: number;
  try {
    const parsed = new x509.X509Certificate(der);
    isCa = parsed.getExtension(x509.BasicConstraintsExtension)?.ca === true;
    usages = parsed.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  } catch {
    return "the certificate's extensions cannot be read";
  }
  if (isCa) return "the certificate must not be a CA certificate (basic constraints CA:true)";
  if ((usages & x509.KeyUsageFlags.keyCertSign) !== 0) {
    return "the certificate must not allow signing certificates (key usage keyCertSign)";
  }
  return undefined;
}
