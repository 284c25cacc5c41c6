/**
 * A peer that serves the chunk answers a test chooses: it takes the place of a node's federation
 * listener on the same port with that node's own TLS identity, so the requesting node reaches it
 * over real mutual TLS exactly as it reaches the node (the certificate is the one its card pins),
 * and a test can make the providing node lie about its chunks without changing its code.
 *
 * `honestChunk` reads the genuine ciphertext from the node's own store, as its route would.
 */
import { createServer, type Server } from "node:https";
import { tlsOptionsOf } from "../../src/crypto/tls-identity.js";
import type { FederatedNode } from "../federation/two-nodes.js";

export type ChunkAnswer = { status: number; body: string };
export type ChunkAnswerer = (itemId: string, index: number) => ChunkAnswer | Promise<ChunkAnswer>;

export type Impostor = {
  /** The chunks asked for, in order. */
  readonly asked: { itemId: string; index: number }[];
  /** Stops the impostor and starts the node's own listener again on its port. */
  restore(): Promise<void>;
};

const CHUNK_ROUTE = /^\/federation\/v1\/evidence\/([^/]+)\/chunks\/(\d+)$/;

/** A chunk answer as the real route gives it: `{itemId, index, ciphertext}` in JSON. */
export const chunkAnswer = (itemId: string, index: number, ciphertext: Buffer): ChunkAnswer => ({
  status: 200,
  body: JSON.stringify({ itemId, index, ciphertext: ciphertext.toString("base64") }),
});

/** The stored ciphertext of chunk `index` of an item `node` holds. */
export async function honestChunk(node: FederatedNode, itemId: string, index: number): Promise<Buffer> {
  const row = await node.context.db
    .selectFrom("evidence_chunks")
    .select("address")
    .where("item_id", "=", itemId)
    .where("idx", "=", index)
    .executeTakeFirstOrThrow();
  if (node.context.blobs === undefined) throw new Error(`${node.state} has no blob store`);
  return node.context.blobs.get(row.address);
}

/** Stops `node`'s listener and serves `answer` on its port, as `node`. */
export async function impersonate(node: FederatedNode, answer: ChunkAnswerer): Promise<Impostor> {
  const port = Number(new URL(node.url).port);
  await node.stop();
  const asked: { itemId: string; index: number }[] = [];
  const server: Server = createServer(
    { ...tlsOptionsOf(node.tls), minVersion: "TLSv1.3", requestCert: true, rejectUnauthorized: false },
    (request, response) => {
      const match = CHUNK_ROUTE.exec(new URL(request.url ?? "/", "https://impostor").pathname);
      if (request.method !== "GET" || match === null) {
        response.writeHead(404).end();
        return;
      }
      const itemId = match[1] ?? "";
      const index = Number(match[2]);
      asked.push({ itemId, index });
      Promise.resolve(answer(itemId, index)).then(
        ({ status, body }) => response.writeHead(status, { "content-type": "application/json" }).end(body),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    asked,
    restore: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await node.start();
    },
  };
}
