/**
 * Offline bundles: the receipts this node owes peers whose messages came on a file. A receipt
 * answered over HTTP goes back in the same exchange; one for a message imported from a bundle can
 * only travel in the next bundle to that State, so it is queued here until then.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at the time.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("bundle_receipts")
    .addColumn("message_id", "text", (c) => c.primaryKey())
    .addColumn("peer_state", "text", (c) => c.notNull())
    .addColumn("receipt", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("queued_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("bundle_receipts_peer")
    .on("bundle_receipts")
    .columns(["peer_state", "received_at"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("bundle_receipts").execute();
}
