/**
 * A node's TLS identity for node-to-node traffic: an ECDSA P-256 private key and a self-signed
 * X.509 certificate valid for both TLS server and client authentication. Peers do not trust it
 * through any certificate authority: they pin it, by the SHA-256 of its DER, from the node's signed
 * card (docs/node-cards.md). Generated once at `node init`, beside the signing and encryption keys.
 *
 * Choice: P-256 rather than Ed25519. Node 20 (OpenSSL 3.0) handles both in TLS 1.3, but ECDSA
 * P-256 is what every TLS stack another implementation might use (Go, Java, rustls, BoringSSL)
 * accepts for client certificates, and it is allowed under FIPS 140 where a ministry requires it.
 */
// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API loaded first.
import "reflect-metadata";
import { createPrivateKey, KeyObject, randomBytes, webcrypto, X509Certificate } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { certificateSha256 } from "../directory/node-card-tls.js";

export type TlsIdentity = {
  privateKey: KeyObject;
  certificate: X509Certificate;
  /** Hex SHA-256 of the certificate's DER: how peers pin it. */
  sha256: string;
};

type WebCryptoOfX509 = NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>;

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/**
 * The X.509 validity is checked by every TLS stack against its own clock, so it is long; when a
 * certificate may be used is decided by the card (`notBefore`, `notAfter`), which peers follow.
 */
const CERTIFICATE_YEARS = 10;

/** A fresh key and self-signed certificate for `state`'s node, valid from an hour before `now`. */
export async function generateTlsIdentity(state: string, now: Date): Promise<TlsIdentity> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CERTIFICATE_YEARS);
  // A positive serial (top bit clear) of 16 random bytes, as RFC 5280 §4.1.2.2 asks.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial.toString("hex"),
      // Unique per certificate: TLS libraries find a trust anchor by its subject, and a node's old
      // and new certificates are both anchors during a rotation.
      name: `CN=Rogatory node ${state} ${serial.subarray(0, 8).toString("hex")}`,
      notBefore,
      notAfter,
      signingAlgorithm: ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.serverAuth,
          x509.ExtendedKeyUsage.clientAuth,
        ]),
        // Key identifiers let OpenSSL match the certificate to its own anchor among several.
        await x509.SubjectKeyIdentifierExtension.create(
          keys.publicKey,
          false,
          webcrypto as unknown as WebCryptoOfX509,
        ),
        await x509.AuthorityKeyIdentifierExtension.create(
          keys.publicKey,
          false,
          webcrypto as unknown as WebCryptoOfX509,
        ),
      ],
    },
    // Node's WebCrypto, named explicitly rather than left to the library's global default.
    webcrypto as unknown as WebCryptoOfX509,
  );
  return tlsIdentityOf(
    KeyObject.from(keys.privateKey),
    new X509Certificate(Buffer.from(certificate.rawData)),
  );
}

/** Checks that the key and the certificate belong together and the certificate is self-signed. */
export function tlsIdentityOf(privateKey: KeyObject, certificate: X509Certificate): TlsIdentity {
  if (privateKey.type !== "private" || privateKey.asymmetricKeyType !== "ec") {
    throw new Error("the TLS private key must be an ECDSA (P-256) private key");
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new Error("the TLS certificate is not that of the TLS private key");
  }
  // Subject equals issuer and the signature verifies with its own key (checkIssued would also want
  // the keyCertSign usage, which a certificate that is never a CA deliberately lacks).
  if (certificate.subject !== certificate.issuer || !certificate.verify(certificate.publicKey)) {
    throw new Error("the TLS certificate is not self-signed");
  }
  return { privateKey, certificate, sha256: certificateSha256(certificate.raw) };
}

/** Reads the PEM files written by `tlsIdentityPem`. */
export function parseTlsIdentity(keyPem: string, certificatePem: string): TlsIdentity {
  return tlsIdentityOf(createPrivateKey(keyPem), new X509Certificate(certificatePem));
}

/** The key (PKCS#8) and certificate in PEM, as files hold them and TLS options take them. */
export const tlsIdentityPem = (identity: TlsIdentity): { key: string; certificate: string } => ({
  key: identity.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  certificate: identity.certificate.toString(),
});

/** The `key` and `cert` options of node:tls and node:https for this identity. */
export function tlsOptionsOf(identity: TlsIdentity): { key: string; cert: string } {
  const pem = tlsIdentityPem(identity);
  return { key: pem.key, cert: pem.certificate };
}
