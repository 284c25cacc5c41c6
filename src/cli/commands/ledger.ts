/**
 * `rogatory ledger verify --data DIR`: recomputes the whole ledger from the stored entries and
 * checks it against the stored hashes and every signed tree head. Exit 0 when intact, 1 naming
 * the first bad entry when anything was edited, deleted, inserted or reordered.
 */
import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { bytesEqual } from "../../ledger/hash.js";
import { nodeSourceFrom } from "../../ledger/proof-plan.js";
import { verifyLog } from "../../ledger/verify-log.js";
import { parseNodeConfig } from "../../server/config.js";
import { openStore } from "../../store/database.js";
import { fromHex, readTreeHeads, toHex } from "../../store/ledger-store.js";
import { nodePaths, readConfigFile } from "../../store/node-files.js";
import { EXIT } from "../cli-error.js";

export function registerLedgerCommands(program: Command): void {
  program
    .command("ledger")
    .description("work with a node's tamper-evident ledger")
    .command("verify")
    .description("recompute the ledger and check every entry and signed tree head (stop the node first)")
    .requiredOption("--data <dir>", "the node's data directory")
    .option("--json", "print the result as JSON")
    .action(async (options: { data: string; json?: boolean }) => {
      process.exitCode = await verifyLedger(options.data, options.json === true);
    });
}

async function verifyLedger(dataDir: string, json: boolean): Promise<number> {
  const parsed = parseNodeConfig(readConfigFile(dataDir), process.env);
  const databaseUrl = parsed.ok ? parsed.config.databaseUrl : undefined;
  const publicKey = createPublicKey(readFileSync(nodePaths(dataDir).signingPublic, "utf8"));
  const store = await openStore({ dataDir, databaseUrl });
  try {
    const rows = await store.db
      .selectFrom("ledger_entries")
      .select(["idx", "entry"])
      .orderBy("idx")
      .execute();
    const entries = rows.map((row) => safeJson(row.entry));
    const nodes = await store.db.selectFrom("ledger_nodes").selectAll().execute();
    const storedNodes = nodeSourceFrom(
      nodes.map((n) => ({ level: Number(n.level), index: Number(n.idx), hash: fromHex(n.hash) })),
    );
    const heads = await readTreeHeads(store.db);
    const head = await store.db
      .selectFrom("ledger_head")
      .selectAll()
      .where("id", "=", 1)
      .executeTakeFirstOrThrow();
    let result = verifyLog(entries, heads, publicKey, { storedNodes });
    if (result.ok && (Number(head.size) !== result.size || !bytesEqual(fromHex(head.root), result.root))) {
      result = {
        ok: false,
        code: "LEDGER_ROOT_MISMATCH",
        message: `the stored head (size ${head.size}) does not match the entries`,
        firstBadIndex: Math.min(Number(head.size), result.size),
      };
    }
    const report = result.ok
      ? { intact: true, size: result.size, root: toHex(result.root), signedHeads: heads.length }
      : { intact: false, code: result.code, firstBadIndex: result.firstBadIndex, message: result.message };
    if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (result.ok)
      process.stdout.write(
        `ledger intact: ${result.size} entries, root ${toHex(result.root)}, ${heads.length} signed tree head(s) checked\n`,
      );
    else
      process.stdout.write(
        `ledger verification FAILED${result.firstBadIndex === undefined ? "" : ` at entry ${result.firstBadIndex}`}: ${result.message}\n`,
      );
    return result.ok ? EXIT.ok : EXIT.invalid;
  } finally {
    await store.close();
  }
}

/** A row whose JSON was damaged is kept as its raw text: verification then reports that entry. */
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
