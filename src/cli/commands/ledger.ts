/**
 * `rogatory ledger verify --data DIR`: recomputes the whole ledger from the stored entries and
 * checks it against the stored hashes and every signed tree head. Exit 0 when intact, 1 naming
 * the first bad entry when anything was edited, deleted, inserted or reordered.
 */
import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import { parseNodeConfig } from "../../server/config.js";
import { verifyStoredLedger } from "../../services/ledger/verify-stored-ledger.js";
import { openStore } from "../../store/database.js";
import { toHex } from "../../store/ledger-store.js";
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
    const bar = new SingleBar(
      {
        format: "verifying ledger [{bar}] {value}/{total} entries, {eta_formatted} left",
        noTTYOutput: true,
        stream: process.stderr,
      },
      Presets.shades_classic,
    );
    let started = false;
    // A large log takes a while (about a minute per million entries): show progress on stderr.
    const result = await verifyStoredLedger(store.db, publicKey, undefined, {
      onProgress: (verified, expected) => {
        if (expected < 50_000) return;
        if (!started) bar.start(expected, 0);
        started = true;
        bar.update(verified);
      },
    });
    if (started) bar.stop();
    const report = result.ok
      ? { intact: true, size: result.size, root: toHex(result.root), signedHeads: result.signedHeads }
      : { intact: false, code: result.code, firstBadIndex: result.firstBadIndex, message: result.message };
    if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (result.ok) {
      process.stdout.write(
        `ledger intact: ${result.size} entries, root ${toHex(result.root)}, ${result.signedHeads} signed tree head(s) checked\n`,
      );
    } else {
      const where = result.firstBadIndex === undefined ? "" : ` at entry ${result.firstBadIndex}`;
      process.stdout.write(`ledger verification FAILED${where}: ${result.message}\n`);
    }
    return result.ok ? EXIT.ok : EXIT.invalid;
  } finally {
    await store.close();
  }
}
