/**
 * Every row of every table of a node: taken before and after a refused action, to show that it
 * changed nothing at all.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import type { NodeContext } from "../../src/server/node-context.js";

/** Through the node's own connection, on either backend. */
export async function tableRows(
  context: Pick<NodeContext, "db" | "storeKind">,
): Promise<Record<string, unknown[]>> {
  const tables =
    context.storeKind === "sqlite"
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' order by name`.execute(context.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() order by table_name`.execute(context.db);
  const all: Record<string, unknown[]> = {};
  for (const { name } of tables.rows) {
    all[name] = (await sql`select * from ${sql.table(name)} order by 1`.execute(context.db)).rows;
  }
  return all;
}

/** Straight from a stopped node's SQLite file (a CLI process closed it), read-only. */
export function sqliteFileRows(dataDir: string): Record<string, unknown[]> {
  const db = new Database(join(dataDir, "rogatory.sqlite"), { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' order by name").all() as {
      name: string;
    }[];
    return Object.fromEntries(
      tables.map(({ name }) => [name, db.prepare(`select * from "${name}" order by 1`).all()]),
    );
  } finally {
    db.close();
  }
}
