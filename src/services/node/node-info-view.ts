/**
 * This node as the API shows it to every signed-in person: its State, the treaties it holds, and
 * the fingerprints an administrator reads out to another State's administrator when they become
 * peers. Plain zod with nothing of Node in reach, so the web UI takes its types from here.
 */
import { z } from "zod";
import { LocalizedTextSchema } from "../../treaty/languages.js";

const PublicKeySchema = z.object({
  /** The short id peers and tree heads name the key by: the fingerprint's first 16 hex digits. */
  keyId: z.string(),
  /** SHA-256 of the public key's SPKI DER, hex in groups of four, as `rogatory node init` printed it. */
  fingerprint: z.string(),
});

export const NodeInfoSchema = z.object({
  state: z.string(),
  /** The State's name from its own declarations; null when this node holds none for it. */
  stateName: LocalizedTextSchema.nullable(),
  version: z.string(),
  /** Ids of the treaty packs this node holds. */
  treaties: z.array(z.string()),
  keys: z.object({
    signing: PublicKeySchema,
    encryption: PublicKeySchema,
    /** Hex SHA-256 of the DER of the certificate the node-to-node listener presents; null without one. */
    tlsCertificateSha256: z.string().nullable(),
  }),
  /**
   * Where peers reach the node-to-node listener: the endpoint on the last card this node issued,
   * else the listener's configured address; null for a node that does not federate.
   */
  federationUrl: z.string().nullable(),
});
export type NodeInfo = z.infer<typeof NodeInfoSchema>;
