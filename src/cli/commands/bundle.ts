/**
 * `rogatory bundle …`: carrying messages between nodes on a file, for an air gap or an outage.
 * Both act on a stopped node's data directory (the embedded database admits one process).
 *
 *   bundle export  the messages still waiting for one State's receipt, and the receipts owed to it,
 *                  in one signed file (0600)
 *   bundle import  a file from a peer: its messages taken in as if received online, its receipts
 *                  recorded; the receipts issued wait for the next export to that State
 *
 * Exit codes: 0 done; 1 the bundle is refused (unreadable, not for us, unknown sender, bad
 * signature — nothing imported) or some of its items were (the others took effect);
 * 2 usage or environment (missing file, unknown peer, node running).
 */
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import { exportBundle } from "../../federation/bundle-export.js";
import { MAX_BUNDLE_BYTES, serialiseBundle } from "../../federation/bundle-format.js";
import { type ImportReport, importBundle } from "../../federation/bundle-import.js";
import { type OpenNode, openNode } from "../../server/node-runtime.js";
import { writeFileDurably } from "../../store/node-files.js";
import { CliError } from "../cli-error.js";

/** Below this many items an import is quick: no progress bar. */
const PROGRESS_FROM = 50;

export function registerBundleCommands(program: Command): void {
  const bundle = program
    .command("bundle")
    .description("carry messages to and from another State on a file (stop the node first)");
  bundle
    .command("export")
    .description("write the messages pending for a State, and the receipts owed to it, into one signed file")
    .requiredOption("--data <dir>", "the node's data directory")
    .requiredOption("--to <state>", "the State the file is for")
    .requiredOption("--out <file>", "the bundle file to write (mode 0600)")
    .action((options: { data: string; to: string; out: string }) =>
      withNode(options.data, (node) => runExport(node, options.to.toUpperCase(), options.out)),
    );
  bundle
    .command("import")
    .description("take in a bundle file from another State, exactly as if its messages came online")
    .argument("<file>", "the bundle file received")
    .requiredOption("--data <dir>", "the node's data directory")
    .action(async (file: string, options: { data: string }) => {
      // Read before opening the node: a missing file should not need the database.
      const text = await readBundleFile(file);
      await withNode(options.data, async (node) => report(node, await runImport(node, text)));
    });
}

async function withNode(dataDir: string, body: (node: OpenNode) => Promise<void>): Promise<void> {
  const node = await openNode(dataDir, { env: process.env });
  try {
    await body(node);
  } finally {
    await node.close();
  }
}

async function runExport({ context }: OpenNode, to: string, out: string): Promise<void> {
  const warnings: string[] = [];
  const log = {
    warn: (details: object, message: string) => void warnings.push(`${message} ${JSON.stringify(details)}`),
  };
  const { bundle, expired, heldBack } = await exportBundle({ context, to, log });
  try {
    // Whole or not at all: a reader never finds half a bundle under the final name.
    writeFileDurably(out, serialiseBundle(bundle), 0o600);
  } catch (cause) {
    throw new CliError("USAGE", `cannot write ${out}: ${(cause as Error).message}`, { cause });
  }
  const lines = [
    `bundle from ${bundle.from} to ${to} written to ${out}: ${plural(bundle.envelopes.length, "message")}, ${plural(bundle.receipts.length, "receipt")}`,
  ];
  const chunks = bundle.chunks ?? [];
  if (chunks.length > 0) {
    const items = new Set(chunks.map((c) => c.itemId)).size;
    lines.push(
      `  with the encrypted chunks of ${plural(items, "evidence item")} (${plural(chunks.length, "chunk")})`,
    );
  }
  for (const item of heldBack) {
    lines.push(
      item.reason === "too-large"
        ? `evidence item ${item.itemId} left out: its chunks (${item.bytes} bytes) are more than any bundle holds (${MAX_BUNDLE_BYTES}); it can go only online`
        : `evidence item ${item.itemId} left out for lack of room (${item.bytes} bytes of chunks): it follows in a next bundle, once ${to}'s receipts for this one are imported`,
    );
  }
  if (bundle.envelopes.length === 0 && bundle.receipts.length === 0) {
    lines.push(`nothing is pending for ${to}: the bundle is empty (importing it changes nothing)`);
  }
  if (expired > 0) {
    lines.push(
      `${plural(expired, "pending message")} older than the retry horizon left out: ${to} would refuse them as expired; the node marks them not delivered when it runs`,
    );
  }
  for (const warning of warnings) lines.push(`warning: ${warning}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function readBundleFile(file: string): Promise<string> {
  try {
    if (statSync(file).size > MAX_BUNDLE_BYTES) {
      throw new CliError(
        "BUNDLE_UNREADABLE",
        `${file} is larger than any bundle (${MAX_BUNDLE_BYTES} bytes)`,
      );
    }
    return await readFile(file, "utf8");
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    const reason = (cause as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : "cannot be read";
    throw new CliError("FILE_NOT_FOUND", `${file}: ${reason}`, { cause });
  }
}

async function runImport({ context }: OpenNode, text: string): Promise<ImportReport> {
  const bar = new SingleBar(
    { format: "importing bundle [{bar}] {value}/{total} items", noTTYOutput: true, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  try {
    return await importBundle({
      context,
      text,
      onProgress: (done, total) => {
        if (total < PROGRESS_FROM) return;
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    });
  } finally {
    if (started) bar.stop();
  }
}

async function report({ context }: OpenNode, result: ImportReport): Promise<void> {
  const { messages, receipts, refused, from } = result;
  const lines = [
    `bundle from ${from} (created ${result.created}) imported into ${context.config.state}`,
    `  messages: ${messages.new} new, ${messages.duplicate} already received`,
    `  receipts: ${receipts.recorded} recorded, ${receipts.already} already recorded`,
  ];
  const { evidence } = result;
  if (evidence.stored + evidence.already > 0) {
    lines.push(
      `  evidence chunks: ${evidence.stored} checked and stored, ${evidence.already} already held; ${plural(evidence.completed.length, "item")} now received and verified`,
    );
  }
  if (messages.new + messages.duplicate > 0) {
    lines.push(
      `  the receipts for these messages travel back in the next bundle: rogatory bundle export --to ${from}`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  if (refused.length === 0) return;
  for (const r of refused)
    process.stderr.write(`refused ${r.item} #${r.index + 1}: ${r.code}: ${r.reason}\n`);
  throw new CliError(
    "BUNDLE_PARTLY_REFUSED",
    `${plural(refused.length, "item")} of the bundle refused (listed above, nothing recorded for them); the others took effect`,
  );
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
