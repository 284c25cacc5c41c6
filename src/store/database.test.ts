/**
 * The store conformance suite: what every backend must guarantee to the code above it — the
 * schema as declared in schema.ts, atomic transactions, constraints, and numbers that stay numbers.
 */
import { inspect } from "node:util";
import type { Kysely, Transaction } from "kysely";
import { describe, expect, it } from "vitest";
import { describeEachBackend } from "../../test/support/backends.js";
import { isUniqueViolation, openStore } from "./database.js";
import { StoreError } from "./errors.js";
import type { Database } from "./schema.js";

/** Every column of every table; the mapped type makes this fail to compile when schema.ts changes. */
const COLUMNS: { [T in keyof Database]: Record<keyof Database[T], true> } = {
  users: {
    id: true,
    username: true,
    display_name: true,
    role: true,
    unit: true,
    password_hash: true,
    totp_secret: true,
    totp_enabled: true,
    disabled: true,
    failed_logins: true,
    locked_until: true,
    auth_version: true,
    created_at: true,
  },
  sessions: {
    id_hash: true,
    user_id: true,
    auth_version: true,
    csrf_token: true,
    mfa_passed: true,
    created_at: true,
    last_seen_at: true,
    expires_at: true,
  },
  cases: { id: true, reference: true, title: true, unit: true, created_by: true, created_at: true },
  requests: {
    id: true,
    case_id: true,
    direction: true,
    kind: true,
    state: true,
    treaty: true,
    requesting_state: true,
    requested_state: true,
    urgency: true,
    urgent_queue: true,
    unit: true,
    reference: true,
    document: true,
    remote_request_id: true,
    drafted_by: true,
    approved_by: true,
    version: true,
    created_at: true,
    updated_at: true,
  },
  request_events: {
    request_id: true,
    seq: true,
    action: true,
    from_state: true,
    to_state: true,
    actor: true,
    at: true,
    details: true,
  },
  decisions: {
    id: true,
    request_id: true,
    outcome: true,
    grounds: true,
    reasons: true,
    conditions: true,
    decided_by: true,
    decided_at: true,
  },
  deadlines: {
    id: true,
    request_id: true,
    kind: true,
    due_at: true,
    remind_at: true,
    reminded_at: true,
    met_at: true,
    citation: true,
  },
  ledger_entries: { idx: true, leaf_hash: true, entry: true },
  ledger_nodes: { level: true, idx: true, hash: true },
  ledger_head: { id: true, size: true, root: true, frontier: true },
  tree_heads: { size: true, timestamp: true, root: true, log_id: true, signature: true },
  peers: {
    state: true,
    card: true,
    sequence: true,
    fingerprint_confirmed: true,
    confirmed_by: true,
    confirmed_at: true,
    status: true,
    updated_at: true,
    revoked_by: true,
    revoked_at: true,
  },
  peer_cards: {
    id: true,
    state: true,
    sequence: true,
    card: true,
    signed_by: true,
    received_by: true,
    received_at: true,
  },
  own_cards: { sequence: true, card: true, issued_by: true, issued_at: true },
  outbox: {
    message_id: true,
    peer_state: true,
    kind: true,
    request_id: true,
    sealed: true,
    signed_message: true,
    seq: true,
    created_at: true,
    attempts: true,
    next_attempt_at: true,
    last_error: true,
    delivered_at: true,
    receipt: true,
    gave_up_at: true,
  },
  inbox: {
    message_id: true,
    from_state: true,
    kind: true,
    envelope_sha256: true,
    signed_message: true,
    received_at: true,
    ledger_index: true,
    local_request_id: true,
    receipt: true,
  },
  bundle_receipts: { message_id: true, peer_state: true, receipt: true, received_at: true, queued_at: true },
  peer_tree_heads: {
    id: true,
    peer_state: true,
    log_id: true,
    size: true,
    timestamp: true,
    root: true,
    signature: true,
    received_at: true,
    message_id: true,
    status: true,
    checked_at: true,
    checked_against: true,
    check_attempts: true,
    next_check_at: true,
    last_check_error: true,
  },
  peer_split_views: {
    id: true,
    peer_state: true,
    detected_at: true,
    reason: true,
    first_head: true,
    second_head: true,
    proof: true,
    ledger_index: true,
  },
  evidence_items: {
    id: true,
    request_id: true,
    direction: true,
    state: true,
    origin_state: true,
    file_name: true,
    media_type: true,
    details: true,
    wrapped_key: true,
    size: true,
    sha256: true,
    manifest: true,
    manifest_sha256: true,
    peer_custody: true,
    created_by: true,
    created_at: true,
    updated_at: true,
    fetch_attempts: true,
    next_fetch_at: true,
    last_fetch_error: true,
  },
  evidence_chunks: {
    item_id: true,
    idx: true,
    address: true,
    plaintext_sha256: true,
    ciphertext_size: true,
    last: true,
    present: true,
  },
  custody_events: { ledger_index: true, item_id: true, event: true, actor: true, at: true, purpose: true },
  use_consents: {
    id: true,
    request_id: true,
    direction: true,
    purpose: true,
    status: true,
    reasons: true,
    message_id: true,
    created_by: true,
    created_at: true,
    answered_at: true,
  },
};

const EMPTY_ROOT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const AT = "2025-01-01T00:00:00.000Z";

type Db = Kysely<Database> | Transaction<Database>;

const insertUser = (db: Db, id: string, username: string) =>
  db
    .insertInto("users")
    .values({
      id,
      username,
      display_name: username,
      role: "officer",
      unit: "u",
      password_hash: "h",
      created_at: AT,
    })
    .execute();

const insertCase = (db: Db, id: string) =>
  db
    .insertInto("cases")
    .values({ id, reference: `REF-${id}`, title: "t", unit: "u", created_by: "someone", created_at: AT })
    .execute();

const count = async (db: Db, table: keyof Database) =>
  (
    await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow()
  ).n;

describeEachBackend("store", (backend) => {
  it("creates every table and column that schema.ts declares, and nothing else", async () => {
    const { db } = await backend.open();
    const tables = await db.introspection.getTables();
    const actual = Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
    const expected = Object.fromEntries(
      Object.entries(COLUMNS).map(([t, cols]) => [t, Object.keys(cols).sort()]),
    );
    expect(actual).toEqual(expected);
  });

  it("opens an existing database again without migrating it twice or losing data", async () => {
    const location = await backend.newLocation();
    const first = await backend.open(location);
    await insertUser(first.db, "u1", "alice");
    await first.close();

    const second = await backend.open(location);
    expect(await second.db.selectFrom("users").select("username").execute()).toEqual([{ username: "alice" }]);
    expect(await count(second.db, "ledger_head")).toBe(1);
  });

  it("starts with the head of an empty ledger", async () => {
    const { db } = await backend.open();
    expect(await db.selectFrom("ledger_head").selectAll().execute()).toStrictEqual([
      { id: 1, size: 0, root: EMPTY_ROOT, frontier: "[]" },
    ]);
  });

  it("rejects a duplicate username and rolls back the whole transaction", async () => {
    const { db } = await backend.open();
    await insertUser(db, "u1", "alice");
    const attempt = db.transaction().execute(async (trx) => {
      await insertCase(trx, "c1");
      await insertUser(trx, "u2", "alice");
    });
    await expect(attempt).rejects.toSatisfy(isUniqueViolation);
    expect(await count(db, "cases")).toBe(0);
    expect(await db.selectFrom("users").select("id").execute()).toEqual([{ id: "u1" }]);
  });

  it("reports a duplicate primary key as a unique violation too", async () => {
    const { db } = await backend.open();
    await insertCase(db, "c1");
    await expect(insertCase(db, "c1")).rejects.toSatisfy(isUniqueViolation);
  });

  it("enforces foreign keys, and does not report them as unique violations", async () => {
    const { db } = await backend.open();
    const attempt = db
      .insertInto("sessions")
      .values({
        id_hash: "s1",
        user_id: "nobody",
        auth_version: 1,
        csrf_token: "x",
        mfa_passed: 0,
        created_at: AT,
        last_seen_at: AT,
        expires_at: AT,
      })
      .execute();
    await expect(attempt).rejects.toSatisfy((error) => !isUniqueViolation(error));
    expect(await count(db, "sessions")).toBe(0);
  });

  it("commits nothing of a transaction that throws midway", async () => {
    const { db } = await backend.open();
    const boom = new Error("midway");
    const attempt = db.transaction().execute(async (trx) => {
      await insertUser(trx, "u1", "alice");
      await insertCase(trx, "c1");
      throw boom;
    });
    await expect(attempt).rejects.toBe(boom);
    expect(await count(db, "users")).toBe(0);
    expect(await count(db, "cases")).toBe(0);
  });

  it("returns bigint columns and counts as JS numbers", async () => {
    const { db } = await backend.open();
    const big = 2 ** 40 + 7; // beyond 32 bits, so an int4 column or a string would show
    await db.insertInto("ledger_entries").values({ idx: big, leaf_hash: "h", entry: "{}" }).execute();
    await db.insertInto("ledger_nodes").values({ level: 3, idx: big, hash: "h" }).execute();
    const timestamp = 1_750_000_000_123;
    await db
      .insertInto("tree_heads")
      .values({ size: big, timestamp, root: "r", log_id: "l", signature: "s" })
      .execute();

    expect(await db.selectFrom("ledger_entries").select("idx").execute()).toStrictEqual([{ idx: big }]);
    expect(await db.selectFrom("ledger_nodes").select(["level", "idx"]).execute()).toStrictEqual([
      { level: 3, idx: big },
    ]);
    expect(await db.selectFrom("tree_heads").select(["size", "timestamp"]).execute()).toStrictEqual([
      { size: big, timestamp },
    ]);
    expect(await count(db, "tree_heads")).toBe(1);
  });

  it("commits every one of 20 concurrent transactions", async () => {
    const { db } = await backend.open();
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
    const readBack = await Promise.all(
      ids.map((id) =>
        db.transaction().execute(async (trx) => {
          await insertCase(trx, id);
          return (await trx.selectFrom("cases").select("id").where("id", "=", id).executeTakeFirst())?.id;
        }),
      ),
    );
    expect(readBack).toEqual(ids);
    expect(await count(db, "cases")).toBe(20);
  });

  it("closes more than once without error", async () => {
    const store = await backend.open();
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });

  if (backend.kind === "postgres") {
    it("reports a database that does not exist on a reachable server as DATABASE_UNREACHABLE", async () => {
      const { dataDir, databaseUrl } = await backend.newLocation();
      const url = new URL(databaseUrl ?? "");
      url.pathname = "/rogatory_t_does_not_exist";
      const error = await openStore({ dataDir, databaseUrl: url.toString() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: "DATABASE_UNREACHABLE" });
      expect((error as Error).message).toContain("rogatory_t_does_not_exist");
    });
  }
});

describe("openStore on PostgreSQL", () => {
  it("reports a server that refuses connections with its host and port, never the password", async () => {
    const url = "postgres://rogatory:s3cret-pw@127.0.0.1:1/rogatory";
    const error = await openStore({ dataDir: "/nonexistent", databaseUrl: url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: "DATABASE_UNREACHABLE" });
    expect((error as Error).message).toContain("127.0.0.1:1/rogatory");
    expect(inspect(error, { depth: 10 })).not.toContain("s3cret-pw");
  });

  it("reports a database URL that does not parse without echoing it", async () => {
    const error = await openStore({
      dataDir: "/nonexistent",
      databaseUrl: "host=db password=s3cret-pw",
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "DATABASE_UNREACHABLE" });
    expect(inspect(error, { depth: 10 })).not.toContain("s3cret-pw");
  });
});
