/**
 * `rogatory evidence verify BUNDLE [--json]`: checks a court bundle offline (no node, no network)
 * and prints the report. Exit 0 when every check passes; 1 when the file is not a valid bundle or
 * anything in it fails, the first failure named on the last line; 2 when the path cannot be read.
 */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import type { Command } from "commander";
import { formatCourtBundleReport } from "../../evidence/court-bundle-report.js";
import { verifyCourtBundle } from "../../evidence/court-bundle-verify.js";
import { CliError, EXIT } from "../cli-error.js";

export function registerEvidenceVerify(evidence: Command): void {
  evidence
    .command("verify")
    .description("check a court bundle offline: signatures, ledger proofs, custody, evidence hashes")
    .argument("<bundle>", "the court bundle file (a tar written by `rogatory evidence export`)")
    .option("--json", "print the report as JSON")
    .action(async (bundle: string, options: { json?: boolean }) => {
      await requireReadableFile(bundle);
      const report = await verifyCourtBundle(bundle);
      process.stdout.write(
        options.json === true
          ? `${JSON.stringify(report, null, 2)}\n`
          : formatCourtBundleReport(report, bundle),
      );
      process.exitCode = report.ok ? EXIT.ok : EXIT.invalid;
    });
}

/** A path that is missing, a folder or unreadable is a usage error (2), not an invalid bundle (1). */
async function requireReadableFile(path: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
    if ((await stat(path)).isFile()) return;
  } catch {
    // reported below
  }
  throw new CliError("FILE_NOT_FOUND", `${path}: no such readable file`);
}
