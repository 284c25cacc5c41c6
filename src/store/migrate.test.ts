/** Migrations: applied in order, once, atomically, and a database from a newer build is refused. */
import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { describeEachBackend } from "../../test/support/backends.js";
import { StoreError } from "./errors.js";
import { MIGRATIONS, migrateToLatest, type NamedMigration } from "./migrate.js";

// biome-ignore lint/suspicious/noExplicitAny: the probe table is not part of the schema.
type AnyDb = Kysely<any>;

const recorded = async (db: AnyDb) =>
  (await db.selectFrom("kysely_migration").select("name").orderBy("name").execute()).map((r) => r.name);

describe("MIGRATIONS", () => {
  it("lists unique names already in the order Kysely applies them (sorted by name)", () => {
    const names = MIGRATIONS.map(([name]) => name);
    expect(names).toEqual([...new Set(names)].sort());
    expect(names[0]).toBe("0001-initial");
  });
});

describeEachBackend("migrateToLatest", (backend) => {
  it("records each migration once and applies nothing to an up-to-date database", async () => {
    const { db } = await backend.open();
    expect(await recorded(db)).toEqual(MIGRATIONS.map(([name]) => name));
    expect(await migrateToLatest(db)).toEqual([]);
    expect(await recorded(db)).toEqual(MIGRATIONS.map(([name]) => name));
  });

  it("names a failed migration and leaves nothing of it behind", async () => {
    const { db } = await backend.open();
    const broken: NamedMigration = [
      "9000-broken",
      {
        up: async (d) => {
          await d.schema.createTable("probe").addColumn("id", "integer").execute();
          await d.insertInto("users").values({ id: "x" }).execute(); // fails: NOT NULL columns missing
        },
      },
    ];
    const error = await migrateToLatest(db, [...MIGRATIONS, broken]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: "MIGRATION_FAILED" });
    expect((error as Error).message).toContain("9000-broken");
    const tables = (await db.introspection.getTables()).map((t) => t.name);
    expect(tables).not.toContain("probe");
    expect(await recorded(db)).toEqual(MIGRATIONS.map(([name]) => name));
  });

  it("refuses to open a database that records a migration this build does not know", async () => {
    const location = await backend.newLocation();
    const store = await backend.open(location);
    await sql`insert into kysely_migration (name, "timestamp") values ('9999-future', ${new Date().toISOString()})`.execute(
      store.db,
    );
    await store.close();

    for (let attempt = 0; attempt < 2; attempt++) {
      // The second attempt failing the same way (not DATA_DIR_IN_USE) shows a failed open releases its lock.
      const error = await backend.open(location).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "MIGRATION_FAILED" });
      expect((error as Error).message).toContain("9999-future");
    }
  });
});
