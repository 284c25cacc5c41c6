/**
 * `rogatory evidence add` and `rogatory evidence export`, on a stopped node's data directory (the
 * embedded database admits one process), as a named user: `--as` is attribution, and the services
 * check that user's role exactly as for the API (src/services/peers/operator-actor.ts).
 *
 *   evidence add     files taken in as evidence of an incoming request being executed: each read
 *                    once and streamed through the upload service; an interrupted add of the same
 *                    file is continued where it stopped, never started again
 *   evidence export  the request's evidence and its proven custody in one court bundle
 *
 * Exit codes: 0 done; 1 refused (`add`: the files refused are listed, the others went in; `export`:
 * EVIDENCE_USE_REFUSED and the like); 2 usage or environment (a missing file, the node running, an
 * unknown user).
 */
import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { basename, dirname } from "node:path";
import { type Command, Option } from "commander";
import { z } from "zod";
import type { Actor } from "../../cases/roles.js";
import { ERROR_CATALOGUE, type ErrorCode } from "../../errors/catalogue.js";
import { SOURCE_KINDS } from "../../evidence/manifest.js";
import { PURPOSE_USES, PurposeSchema } from "../../evidence/use-limitation.js";
import { type OpenNode, openNode } from "../../server/node-runtime.js";
import { exportCourtBundle } from "../../services/evidence/export-court-bundle.js";
import {
  appendUpload,
  completeUpload,
  startUpload,
  type UploadStart,
  UploadStartSchema,
  uploadStatus,
} from "../../services/evidence/upload.js";
import { operatorActor } from "../../services/peers/operator-actor.js";
import { startByteProgress, wantsProgress } from "../byte-progress.js";
import { CliError, EXIT } from "../cli-error.js";
import { findInterruptedUpload, storedPrefixMatches } from "../evidence-resume.js";
import { mediaTypeOf } from "../media-types.js";

/** Each read hands the upload 8 MiB: it flushes once per piece, not once per 1 MiB chunk. */
const READ_SIZE = 8 * 1024 * 1024;

type NodeOptions = { data: string; as: string; progress?: boolean };
type AddOptions = NodeOptions & {
  request: string;
  sourceKind: string;
  source: string;
  system?: string;
  method: string;
  mediaType?: string;
  acquiredAt?: string;
};
type ExportOptions = NodeOptions & {
  request: string;
  out: string;
  purpose: string;
  otherProceedings?: boolean;
};

export function registerEvidenceCommands(evidence: Command): void {
  evidence
    .command("add")
    .description("take files in as evidence of an incoming request being executed (stop the node first)")
    .argument("<file...>", "the files, each read once; an interrupted add of a file is continued")
    .requiredOption("--request <id>", "the request (its id on this node)")
    .requiredOption("--data <dir>", "the node's data directory")
    .requiredOption("--as <username>", "the executing officer adding it, recorded as acquiring officer")
    .addOption(
      new Option("--source-kind <kind>", "who the data comes from")
        .choices([...SOURCE_KINDS])
        .makeOptionMandatory(),
    )
    .requiredOption("--source <name>", "the custodian or service provider, by name")
    .option("--system <name>", "the system the data was taken from")
    .requiredOption("--method <text>", "how it was acquired (say, production order, export by the provider)")
    .option("--media-type <type>", "the media type (default: from the file name's extension)")
    .option("--acquired-at <iso>", "when the data was acquired, UTC (default: now)")
    .option("--progress", "show the progress bar even when standard error is not a terminal")
    .action((files: string[], options: AddOptions) => runAdd(files, options));
  evidence
    .command("export")
    .description(
      "write the request's evidence and its proven custody to one court bundle (stop the node first)",
    )
    .requiredOption("--request <id>", "the request (its id on this node)")
    .requiredOption("--out <bundle>", "the bundle file to write (mode 0600)")
    .requiredOption("--data <dir>", "the node's data directory")
    .requiredOption("--as <username>", "the case officer or supervisor exporting, recorded in the custody")
    .requiredOption("--purpose <text>", "what the export is for, recorded in the custody and the bundle")
    .option(
      "--other-proceedings",
      `for proceedings other than the request's (${PURPOSE_USES[1]}): needs the providing State's consent`,
    )
    .option("--progress", "show the progress bar even when standard error is not a terminal")
    .action((options: ExportOptions) => runExport(options));
}

// ---------------------------------------------------------------------------------------------
// add

type FileToAdd = { path: string; size: number; start: UploadStart };

async function runAdd(paths: string[], options: AddOptions): Promise<void> {
  // Everything that can be wrong with the command is found before the node is opened.
  const files = paths.map((path) => fileToAdd(path, options));
  const refused: string[] = [];
  await withNode(options, async ({ context }, actor) => {
    const taken = new Set<string>();
    for (const file of files) {
      try {
        const added = await addFile(context, actor, options, file, taken);
        process.stdout.write(
          `${file.path}  ${added.size} bytes  sha256 ${added.sha256}  item ${added.itemId}\n`,
        );
      } catch (error) {
        if (!isRefusal(error)) throw error;
        refused.push(file.path);
        process.stderr.write(`refused ${file.path}: ${error.code}: ${error.message}\n`);
      }
    }
  });
  if (refused.length > 0) {
    process.stderr.write(
      `rogatory: ${refused.length} of ${files.length} files refused (listed above); the others were added\n`,
    );
    process.exitCode = EXIT.invalid;
  }
}

function fileToAdd(path: string, options: AddOptions): FileToAdd {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new CliError("FILE_NOT_FOUND", `${path} is not a regular file`);
    size = stat.size;
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError("FILE_NOT_FOUND", `${path}: no such readable file`, { cause });
  }
  const fileName = basename(path);
  const parsed = UploadStartSchema.safeParse({
    fileName,
    mediaType: options.mediaType ?? mediaTypeOf(fileName),
    size,
    source: {
      kind: options.sourceKind,
      name: options.source,
      ...(options.system === undefined ? {} : { system: options.system }),
    },
    acquisition: {
      method: options.method,
      ...(options.acquiredAt === undefined ? {} : { at: options.acquiredAt }),
    },
  });
  if (!parsed.success)
    throw new CliError("USAGE", `cannot add ${path}: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`);
  return { path, size, start: parsed.data };
}

/** Starts or continues the file's upload, sends the rest of the file once, and seals it. */
async function addFile(
  context: OpenNode["context"],
  actor: Actor,
  options: AddOptions,
  file: FileToAdd,
  taken: Set<string>,
): Promise<{ itemId: string; size: number; sha256: string }> {
  const wanted = { requestId: options.request, fileName: file.start.fileName, size: file.size };
  const interrupted = await findInterruptedUpload(context, actor, wanted, taken);
  let itemId: string | undefined;
  let offset = 0;
  if (interrupted !== undefined) {
    taken.add(interrupted);
    const status = await uploadStatus(context, actor, interrupted);
    if (await storedPrefixMatches(context, interrupted, file.path, status.offset)) {
      itemId = interrupted;
      offset = status.offset;
      process.stdout.write(`resuming ${file.path} at ${offset} bytes\n`);
    } else {
      process.stderr.write(
        `note: the interrupted upload ${interrupted} named ${file.start.fileName} holds other bytes than ${file.path}; starting a new one\n`,
      );
    }
  }
  itemId ??= (await startUpload(context, actor, options.request, file.start)).itemId;
  const bar = startByteProgress(basename(file.path), file.size, offset, wantsProgress(options.progress));
  try {
    await appendUpload(
      context,
      actor,
      itemId,
      offset,
      readFrom(file, offset, (done) => bar.update(done)),
    );
  } finally {
    bar.stop();
  }
  const sealed = await completeUpload(context, actor, itemId);
  return { itemId, size: sealed.size ?? file.size, sha256: sealed.sha256 ?? "" };
}

/**
 * The file from `offset` to the size announced, in big pieces. `stored` is told the bytes done once
 * the upload asks for the next piece: by then it has taken in (and stored the chunks of) this one.
 */
async function* readFrom(
  file: FileToAdd,
  offset: number,
  stored: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  if (offset >= file.size) return;
  let done = offset;
  const stream = createReadStream(file.path, { start: offset, end: file.size - 1, highWaterMark: READ_SIZE });
  for await (const piece of stream as AsyncIterable<Buffer>) {
    yield piece;
    done += piece.length;
    stored(done);
  }
}

// ---------------------------------------------------------------------------------------------
// export

async function runExport(options: ExportOptions): Promise<void> {
  const purpose = {
    use: options.otherProceedings === true ? "other-proceedings" : "stated-proceedings",
    text: options.purpose,
  };
  if (!PurposeSchema.safeParse(purpose).success)
    throw new CliError(
      "USAGE",
      "--purpose needs a few words on what the export is for (3 to 2000 characters)",
    );
  requireWritableTarget(options.out);
  await withNode(options, async ({ context }, actor) => {
    let bar: ReturnType<typeof startByteProgress> | undefined;
    const shown = wantsProgress(options.progress);
    try {
      const result = await exportCourtBundle(context, actor, options.request, purpose, options.out, {
        onProgress: (written, total) => {
          bar ??= startByteProgress(basename(options.out), total, 0, shown);
          bar.update(written);
        },
      });
      bar?.stop();
      bar = undefined;
      const sha256 = await sha256OfFile(options.out);
      process.stdout.write(
        `court bundle written to ${options.out}: ${result.items} item${result.items === 1 ? "" : "s"}, ${result.bytes} bytes of evidence\n` +
          `sha256 ${sha256}\n`,
      );
    } finally {
      bar?.stop();
    }
  });
}

/** The bundle's folder must exist and the name must not be a folder: found before anything is recorded. */
function requireWritableTarget(out: string): void {
  try {
    if (!statSync(dirname(out)).isDirectory()) throw new Error("not a folder");
  } catch (cause) {
    throw new CliError("USAGE", `cannot write ${out}: its folder does not exist`, { cause });
  }
  try {
    if (statSync(out).isDirectory()) throw new CliError("USAGE", `cannot write ${out}: it is a folder`);
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    // no such file yet: as expected
  }
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const piece of createReadStream(path, { highWaterMark: READ_SIZE }) as AsyncIterable<Buffer>)
    hash.update(piece);
  return hash.digest("hex");
}

// ---------------------------------------------------------------------------------------------

async function withNode(
  options: NodeOptions,
  body: (node: OpenNode, actor: Actor) => Promise<void>,
): Promise<void> {
  const node = await openNode(options.data, { env: process.env });
  try {
    await body(node, await operatorActor(node.context.db, options.as));
  } finally {
    await node.close();
  }
}

/** A service's refusal of one file (a catalogued error): reported, and the other files still go in. */
function isRefusal(error: unknown): error is Error & { code: ErrorCode } {
  return (
    error instanceof Error &&
    "code" in error &&
    typeof error.code === "string" &&
    error.code in ERROR_CATALOGUE
  );
}
