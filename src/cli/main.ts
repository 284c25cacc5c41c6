/**
 * The `rogatory` command. Each subcommand lives in its own file under commands/; this file wires
 * them up and turns every failure into one clear message and a documented exit code:
 * 0 success, 1 the thing checked is invalid, 2 usage or environment error.
 */
import { Command, CommanderError } from "commander";
import { ERROR_CATALOGUE, type ErrorCode } from "../errors/catalogue.js";
import { CliError, EXIT } from "./cli-error.js";
import { registerBundleCommands } from "./commands/bundle.js";
import { registerEvidenceCommands } from "./commands/evidence.js";
import { registerEvidenceVerify } from "./commands/evidence-verify.js";
import { registerLedgerCommands } from "./commands/ledger.js";
import { registerNodeCommands } from "./commands/node.js";
import { registerPeerCommands } from "./commands/peer.js";
import { registerRequestValidate } from "./commands/request-validate.js";
import { registerSchema } from "./commands/schema.js";

export function buildProgram(): Command {
  const program = new Command("rogatory")
    .description("Rogatory: requests and electronic evidence between States under the cybercrime conventions")
    .version("0.1.0")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");
  registerSchema(program);
  registerRequestValidate(program.command("request").description("work with request documents"));
  registerNodeCommands(program);
  registerLedgerCommands(program);
  registerPeerCommands(program);
  registerBundleCommands(program);
  const evidence = program.command("evidence").description("work with electronic evidence and court bundles");
  registerEvidenceVerify(evidence);
  registerEvidenceCommands(evidence);
  exitOverrideEverywhere(program);
  return program;
}

function exitOverrideEverywhere(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) exitOverrideEverywhere(sub);
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`rogatory: ${error.message}\n`);
      return error.exitCode;
    }
    if (isCataloguedError(error)) {
      process.stderr.write(`rogatory: ${error.message}\n`);
      return ERROR_CATALOGUE[error.code].exit;
    }
    process.stderr.write(
      `rogatory: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT.usage;
  }
}

process.exitCode = await runCli(process.argv.slice(2));

/** Store, auth and domain errors carry catalogue codes: their messages are written for people. */
function isCataloguedError(error: unknown): error is Error & { code: ErrorCode } {
  return (
    error instanceof Error &&
    "code" in error &&
    typeof error.code === "string" &&
    error.code in ERROR_CATALOGUE
  );
}
