/**
 * `GET /api/v1/node`: what this node is, for every signed-in role. Fingerprints are recomputed
 * here from the public keys' DER (not through the code under test), the TLS hash from the
 * certificate's bytes, and the answer is checked to carry no private key. Runs on every backend
 * (the federation address is read from the last card the node issued).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type Actor, ROLES } from "../../src/cases/roles.js";
import { generateTlsIdentity } from "../../src/crypto/tls-identity.js";
import { buildApp } from "../../src/server/app.js";
import type { NodeContext } from "../../src/server/node-context.js";
import { exportOwnCard } from "../../src/services/peers/export-own-card.js";
import { DEFAULT_PACKS_DIR } from "../../src/store/pack-files.js";
import { describeEachBackend } from "../support/backends.js";
import { createTestUser, signIn, startTestNode, type TestNode } from "../support/test-node.js";

const spkiSha256 = (key: NodeContext["keys"]["signingPublic"]) =>
  createHash("sha256")
    .update(key.export({ type: "spki", format: "der" }))
    .digest("hex");
const grouped = (hex: string) => hex.match(/.{4}/g)?.join(" ");
const ADMIN: Actor = { kind: "user", id: "admin-1", role: "administrator", unit: "it" };

describeEachBackend("node API", (backend) => {
  let node: TestNode;
  afterEach(() => node.close());

  it("tells every role the State, its name, version, treaties and the keys' fingerprints, and nothing private", async () => {
    node = await startTestNode({ backend });
    const { keys } = node.context;
    const stateName = JSON.parse(
      readFileSync(join(DEFAULT_PACKS_DIR, "declarations/XA/uncc-2024.json"), "utf8"),
    ).stateName;
    for (const role of ROLES) {
      const user = await node.createUser(role, "cyber");
      const client = await node.login(user.username, user.password, user.totpSecret);
      const response = await client.get("/api/v1/node");
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        state: "XA",
        stateName,
        version: "test",
        treaties: ["budapest-2001", "uncc-2024"],
        keys: {
          signing: {
            keyId: spkiSha256(keys.signingPublic).slice(0, 16),
            fingerprint: grouped(spkiSha256(keys.signingPublic)),
          },
          encryption: {
            keyId: spkiSha256(keys.encryptionPublic).slice(0, 16),
            fingerprint: grouped(spkiSha256(keys.encryptionPublic)),
          },
          tlsCertificateSha256: null,
        },
        // The test node has no TLS identity: it does not federate.
        federationUrl: null,
      });
      for (const key of [keys.signingPrivate, keys.encryptionPrivate]) {
        const der = key.export({ type: "pkcs8", format: "der" });
        expect(response.body).not.toContain(der.toString("base64"));
        expect(response.body).not.toContain(der.subarray(-32).toString("hex"));
        expect(response.body).not.toContain(der.subarray(-32).toString("base64url"));
      }
    }
  });

  it("gives the TLS certificate's hash, and the endpoint of the last card issued, else the listener's address", async () => {
    node = await startTestNode({ backend });
    const tls = await generateTlsIdentity("XA", new Date());
    const context: NodeContext = { ...node.context, tls };
    const app = await buildApp(context);
    try {
      const user = await createTestUser(context, "auditor", "audit", {}, 1);
      const client = await signIn(app, context, user.username, user.password);
      const before = (await client.get("/api/v1/node")).json();
      expect(before.keys.tlsCertificateSha256).toBe(
        createHash("sha256").update(tls.certificate.raw).digest("hex"),
      );
      // No card issued yet: the listener's address from the configuration (API port 7400 + 1).
      expect(before.federationUrl).toBe("https://127.0.0.1:7401");

      await exportOwnCard({
        context,
        actor: ADMIN,
        node: { state: "XA", host: "127.0.0.1", port: 7401 },
        keys: {
          signing: { privateKey: context.keys.signingPrivate, publicKey: context.keys.signingPublic },
          encryption: {
            privateKey: context.keys.encryptionPrivate,
            publicKey: context.keys.encryptionPublic,
          },
        },
        tls,
        endpoint: "https://rogatory.justice.xa.example:7443",
      });
      const after = (await client.get("/api/v1/node")).json();
      expect(after.federationUrl).toBe("https://rogatory.justice.xa.example:7443");
    } finally {
      await app.close();
    }
  });

  it("answers 401 to a caller who is not signed in", async () => {
    node = await startTestNode({ backend });
    const response = await node.app.inject({ method: "GET", url: "/api/v1/node" });
    expect(response.statusCode).toBe(401);
    expect(response.body).not.toContain(grouped(spkiSha256(node.context.keys.signingPublic)));
  });
});
