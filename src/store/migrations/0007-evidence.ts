/**
 * Evidence: the sender's own signed copy of each message it sends (for court bundles) and the order
 * it enqueued them in (two messages of one millisecond must still go in order); items (held here or received from a peer) with their signed manifest and the file key
 * wrapped to this node; their chunks (which are stored, which are still to fetch); custody events
 * (an index over the ledger's `evidence.*` entries, for reading a record without scanning the log);
 * and use consents asked for or received under Art 40(19).
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at the time.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("outbox").addColumn("signed_message", "text").execute();
  await db.schema.alterTable("outbox").addColumn("seq", "bigint").execute();
  await db.schema
    .createTable("evidence_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("request_id", "text", (c) => c.notNull())
    .addColumn("direction", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("origin_state", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("details", "text", (c) => c.notNull())
    .addColumn("wrapped_key", "text", (c) => c.notNull())
    .addColumn("size", "bigint")
    .addColumn("sha256", "text")
    .addColumn("manifest", "text")
    .addColumn("manifest_sha256", "text")
    .addColumn("peer_custody", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("fetch_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_fetch_at", "text")
    .addColumn("last_fetch_error", "text")
    .execute();
  await db.schema.createIndex("evidence_items_request").on("evidence_items").column("request_id").execute();
  await db.schema
    .createIndex("evidence_items_fetch")
    .on("evidence_items")
    .columns(["state", "next_fetch_at"])
    .execute();

  await db.schema
    .createTable("evidence_chunks")
    .addColumn("item_id", "text", (c) => c.notNull())
    .addColumn("idx", "integer", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("plaintext_sha256", "text", (c) => c.notNull())
    .addColumn("ciphertext_size", "integer", (c) => c.notNull())
    .addColumn("last", "integer", (c) => c.notNull())
    .addColumn("present", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("evidence_chunks_pk", ["item_id", "idx"])
    .execute();

  await db.schema
    .createTable("custody_events")
    .addColumn("ledger_index", "bigint", (c) => c.primaryKey())
    .addColumn("item_id", "text", (c) => c.notNull())
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("purpose", "text")
    .execute();
  await db.schema.createIndex("custody_events_item").on("custody_events").column("item_id").execute();

  await db.schema
    .createTable("use_consents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("request_id", "text", (c) => c.notNull())
    .addColumn("direction", "text", (c) => c.notNull())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reasons", "text")
    .addColumn("message_id", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("answered_at", "text")
    .execute();
  await db.schema.createIndex("use_consents_request").on("use_consents").column("request_id").execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["use_consents", "custody_events", "evidence_chunks", "evidence_items"])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable("outbox").dropColumn("signed_message").execute();
  await db.schema.alterTable("outbox").dropColumn("seq").execute();
}
