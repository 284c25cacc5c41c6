/**
 * Peers and node cards: the States this node trusts, each with the card held for it (and every
 * card ever accepted for it, in order), and the cards this node has issued about itself.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at the time.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("peers")
    .addColumn("state", "text", (c) => c.primaryKey())
    .addColumn("card", "text", (c) => c.notNull())
    .addColumn("sequence", "integer", (c) => c.notNull())
    .addColumn("fingerprint_confirmed", "text", (c) => c.notNull())
    .addColumn("confirmed_by", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("revoked_by", "text")
    .addColumn("revoked_at", "text")
    .execute();

  await db.schema
    .createTable("peer_cards")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("state", "text", (c) => c.notNull().references("peers.state"))
    .addColumn("sequence", "integer", (c) => c.notNull())
    .addColumn("card", "text", (c) => c.notNull())
    .addColumn("signed_by", "text", (c) => c.notNull())
    .addColumn("received_by", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("peer_cards_state")
    .on("peer_cards")
    .columns(["state", "received_at"])
    .execute();

  await db.schema
    .createTable("own_cards")
    .addColumn("sequence", "integer", (c) => c.primaryKey())
    .addColumn("card", "text", (c) => c.notNull())
    .addColumn("issued_by", "text", (c) => c.notNull())
    .addColumn("issued_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["own_cards", "peer_cards", "peers"]) await db.schema.dropTable(table).execute();
}
