/**
 * The id the requesting node gave an incoming request. Answers travel back naming the request by
 * that id, and messages from the requesting State (a reply, a withdrawal) name it the same way;
 * unique per requesting State, so one request cannot arrive twice under two local ids.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at the time.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("requests").addColumn("remote_request_id", "text").execute();
  await db.schema
    .createIndex("requests_remote_id")
    .on("requests")
    .columns(["requesting_state", "remote_request_id"])
    .unique()
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("requests_remote_id").execute();
  await db.schema.alterTable("requests").dropColumn("remote_request_id").execute();
}
