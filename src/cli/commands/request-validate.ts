/**
 * `rogatory request validate FILE --to STATE`: checks a request document against a treaty pack and
 * both States' declarations. Exit 0 when valid (warnings allowed), 1 when invalid, 2 when the
 * command itself cannot run.
 */
import type { Command } from "commander";
import { listDeclarationStates, listPackIds, loadDeclarations, loadPack } from "../../store/pack-files.js";
import { formatCitation } from "../../treaty/citation.js";
import { type Finding, hasErrors } from "../../treaty/finding.js";
import { UN_LANGUAGES, type UnLanguage } from "../../treaty/languages.js";
import { validate } from "../../treaty/validate.js";
import { CliError, EXIT } from "../cli-error.js";
import { readJsonFile } from "../read-json-file.js";

const DEFAULT_TREATY = "uncc-2024";

type Options = { to: string; treaty?: string; json?: boolean; lang: string };

export function registerRequestValidate(request: Command): void {
  request
    .command("validate")
    .description("check a request document against a treaty and the requested State's declarations")
    .argument("<file>", "the request document (JSON)")
    .requiredOption("--to <state>", "the requested State, e.g. XB")
    .option(
      "--treaty <id>",
      "treaty pack to apply (default: the request's first legal basis, else uncc-2024)",
    )
    .option("--json", "print the findings as JSON")
    .option("--lang <code>", `language of the messages: ${UN_LANGUAGES.join(", ")}`, "en")
    .action((file: string, options: Options) => {
      process.exitCode = runValidate(file, options);
    });
}

function runValidate(file: string, options: Options): number {
  const lang = parseLanguage(options.lang);
  const to = options.to.toUpperCase();
  const states = listDeclarationStates();
  if (!states.includes(to)) {
    throw new CliError(
      "UNKNOWN_STATE",
      `unknown State "${options.to}": known States are ${states.join(", ")}`,
    );
  }
  const document = readJsonFile(file);
  const fields =
    typeof document === "object" && document !== null ? (document as Record<string, unknown>) : {};
  const addressee = fields.requestedState;
  if (typeof addressee === "string" && /^[A-Z]{2}$/.test(addressee) && addressee !== to) {
    throw new CliError("USAGE", `the request is addressed to ${addressee} but --to says ${to}`);
  }
  const packIds = listPackIds();
  const treaty = options.treaty ?? firstLegalBasis(fields, packIds) ?? DEFAULT_TREATY;
  if (!packIds.includes(treaty)) {
    throw new CliError(
      "PACK_NOT_FOUND",
      `unknown treaty "${treaty}": known treaties are ${packIds.join(", ")}`,
    );
  }
  const pack = loadPack(treaty);
  const requesting =
    typeof fields.requestingState === "string" ? loadDeclarations(fields.requestingState, treaty) : undefined;
  const findings = validate(document, pack, requesting, loadDeclarations(to, treaty));
  const valid = !hasErrors(findings);
  if (options.json) {
    const withText = findings.map((f) => ({ ...f, citationText: formatCitation(f.citation) }));
    process.stdout.write(`${JSON.stringify({ file, treaty, to, valid, findings: withText }, null, 2)}\n`);
  } else {
    process.stdout.write(humanReport(file, treaty, to, findings, lang));
  }
  return valid ? EXIT.ok : EXIT.invalid;
}

function parseLanguage(code: string): UnLanguage {
  const lang = UN_LANGUAGES.find((l) => l === code);
  if (!lang) throw new CliError("USAGE", `--lang must be one of ${UN_LANGUAGES.join(", ")}, not "${code}"`);
  return lang;
}

function firstLegalBasis(fields: Record<string, unknown>, packIds: readonly string[]): string | undefined {
  const bases = fields.legalBasis;
  if (!Array.isArray(bases)) return undefined;
  const treaty = (bases[0] as { treaty?: unknown } | undefined)?.treaty;
  return typeof treaty === "string" && packIds.includes(treaty) ? treaty : undefined;
}

function humanReport(
  file: string,
  treaty: string,
  to: string,
  findings: readonly Finding[],
  lang: UnLanguage,
): string {
  const count = (severity: Finding["severity"]) => findings.filter((f) => f.severity === severity).length;
  const verdict = hasErrors(findings) ? "INVALID" : "valid";
  const lines = [
    `${file}: ${verdict} for ${to} under ${treaty} — ${count("error")} error(s), ${count("warning")} warning(s), ${count("info")} note(s)`,
  ];
  for (const f of findings) {
    lines.push("", `  ${f.severity.padEnd(7)} ${f.path}  [${f.ruleId}]`, `          ${f.message[lang]}`);
    lines.push(`          ${formatCitation(f.citation)}`);
  }
  return `${lines.join("\n")}\n`;
}
