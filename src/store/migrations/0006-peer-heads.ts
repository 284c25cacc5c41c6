/**
 * Peer tree heads: every signed tree head a peer sent us (with a receipt), and whether it is
 * consistent with the others that peer sent; and split-view alerts, one per pair of heads found to
 * describe two histories, with the evidence (both signed heads and the peer's signed proof answer).
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at the time.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("peer_tree_heads")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("peer_state", "text", (c) => c.notNull())
    .addColumn("log_id", "text", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("timestamp", "bigint", (c) => c.notNull())
    .addColumn("root", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("message_id", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("checked_at", "text")
    .addColumn("checked_against", "text")
    .addColumn("check_attempts", "integer", (c) => c.notNull())
    .addColumn("next_check_at", "text", (c) => c.notNull())
    .addColumn("last_check_error", "text")
    .execute();
  await db.schema
    .createIndex("peer_tree_heads_peer")
    .on("peer_tree_heads")
    .columns(["peer_state", "status", "size"])
    .execute();

  await db.schema
    .createTable("peer_split_views")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("peer_state", "text", (c) => c.notNull())
    .addColumn("detected_at", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("first_head", "text", (c) => c.notNull())
    .addColumn("second_head", "text", (c) => c.notNull())
    .addColumn("proof", "text")
    .addColumn("ledger_index", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("peer_split_views_peer")
    .on("peer_split_views")
    .columns(["peer_state", "detected_at"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["peer_split_views", "peer_tree_heads"]) await db.schema.dropTable(table).execute();
}
