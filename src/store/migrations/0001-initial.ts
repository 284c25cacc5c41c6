/** The first schema: users and sessions, cases and requests with their history, deadlines, the ledger. */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at the time.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("totp_secret", "text")
    .addColumn("totp_enabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("failed_logins", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "text")
    .addColumn("auth_version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("auth_version", "integer", (c) => c.notNull())
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("mfa_passed", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("cases")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id"))
    .addColumn("direction", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("treaty", "text", (c) => c.notNull())
    .addColumn("requesting_state", "text", (c) => c.notNull())
    .addColumn("requested_state", "text", (c) => c.notNull())
    .addColumn("urgency", "text", (c) => c.notNull())
    .addColumn("urgent_queue", "integer", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("reference", "text", (c) => c.notNull())
    .addColumn("document", "text", (c) => c.notNull())
    .addColumn("drafted_by", "text")
    .addColumn("approved_by", "text")
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("requests_case").on("requests").column("case_id").execute();
  await db.schema.createIndex("requests_unit_state").on("requests").columns(["unit", "state"]).execute();
  await db.schema
    .createIndex("requests_urgent_state")
    .on("requests")
    .columns(["urgent_queue", "state"])
    .execute();

  await db.schema
    .createTable("request_events")
    .addColumn("request_id", "text", (c) => c.notNull().references("requests.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("from_state", "text", (c) => c.notNull())
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("details", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("request_events_pk", ["request_id", "seq"])
    .execute();

  await db.schema
    .createTable("decisions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("request_id", "text", (c) => c.notNull().references("requests.id"))
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("grounds", "text", (c) => c.notNull())
    .addColumn("reasons", "text")
    .addColumn("conditions", "text", (c) => c.notNull())
    .addColumn("decided_by", "text", (c) => c.notNull())
    .addColumn("decided_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("deadlines")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("request_id", "text", (c) => c.notNull().references("requests.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("due_at", "text", (c) => c.notNull())
    .addColumn("remind_at", "text")
    .addColumn("reminded_at", "text")
    .addColumn("met_at", "text")
    .addColumn("citation", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("deadlines_due").on("deadlines").columns(["met_at", "due_at"]).execute();
  await db.schema
    .createIndex("deadlines_request_kind")
    .on("deadlines")
    .columns(["request_id", "kind"])
    .unique()
    .execute();

  await db.schema
    .createTable("ledger_entries")
    .addColumn("idx", "bigint", (c) => c.primaryKey())
    .addColumn("leaf_hash", "text", (c) => c.notNull())
    .addColumn("entry", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("ledger_nodes")
    .addColumn("level", "integer", (c) => c.notNull())
    .addColumn("idx", "bigint", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ledger_nodes_pk", ["level", "idx"])
    .execute();
  await db.schema
    .createTable("ledger_head")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("root", "text", (c) => c.notNull())
    .addColumn("frontier", "text", (c) => c.notNull())
    .execute();
  await db
    .insertInto("ledger_head")
    .values({ id: 1, size: 0, root: EMPTY_ROOT_HEX, frontier: "[]" })
    .execute();
  await db.schema
    .createTable("tree_heads")
    .addColumn("size", "bigint", (c) => c.primaryKey())
    .addColumn("timestamp", "bigint", (c) => c.notNull())
    .addColumn("root", "text", (c) => c.notNull())
    .addColumn("log_id", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull())
    .execute();
}

/** SHA-256 of the empty string: the root of an empty RFC 9162 tree. */
const EMPTY_ROOT_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    "tree_heads",
    "ledger_head",
    "ledger_nodes",
    "ledger_entries",
    "deadlines",
    "decisions",
    "request_events",
    "requests",
    "cases",
    "sessions",
    "users",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
