/**
 * Federation: the outbox (messages sealed for a peer, committed with the change that caused them,
 * and their delivery state) and the inbox (every message accepted from a peer, unique on its id,
 * with the receipt it was answered with).
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at the time.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("message_id", "text", (c) => c.primaryKey())
    .addColumn("peer_state", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("request_id", "text")
    .addColumn("sealed", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("last_error", "text")
    .addColumn("delivered_at", "text")
    .addColumn("receipt", "text")
    .addColumn("gave_up_at", "text")
    .execute();
  await db.schema
    .createIndex("outbox_due")
    .on("outbox")
    .columns(["delivered_at", "next_attempt_at"])
    .execute();
  await db.schema.createIndex("outbox_request").on("outbox").column("request_id").execute();

  await db.schema
    .createTable("inbox")
    .addColumn("message_id", "text", (c) => c.primaryKey())
    .addColumn("from_state", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("envelope_sha256", "text", (c) => c.notNull())
    .addColumn("signed_message", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("ledger_index", "integer", (c) => c.notNull())
    .addColumn("local_request_id", "text")
    .addColumn("receipt", "text")
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["inbox", "outbox"]) await db.schema.dropTable(table).execute();
}
