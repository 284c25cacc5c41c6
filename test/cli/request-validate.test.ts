/** `rogatory request validate` and `rogatory schema`, run as processes: output and every exit code. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, runCli } from "../support/run-cli.js";

const valid = (kind: string) => join(REPO, "examples", "valid", `${kind}.json`);
const invalidDir = join(REPO, "examples", "invalid");

describe("rogatory request validate", () => {
  it("exits 0 for a valid request and says so, naming the State and treaty", () => {
    const result = runCli(["request", "validate", valid("preservation"), "--to", "XB"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid for XB under uncc-2024 — 0 error/);
  });

  it("exits 1 for an invalid request and lists each finding with its field, rule and citation", () => {
    const result = runCli([
      "request",
      "validate",
      join(invalidDir, "preservation-too-short.json"),
      "--to",
      "XB",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("INVALID");
    expect(result.stdout).toContain("$.preservation.periodDays");
    expect(result.stdout).toContain("[uncc.preservation-minimum]");
    expect(result.stdout).toContain("UN Convention against Cybercrime, Art 42(7)");
  });

  it("prints the findings as JSON with --json, in every language, and messages in the --lang chosen", () => {
    const json = runCli([
      "request",
      "validate",
      join(invalidDir, "general-mla-language-not-accepted.json"),
      "--to",
      "XB",
      "--json",
    ]);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ treaty: "uncc-2024", to: "XB", valid: false });
    expect(parsed.findings[0]).toMatchObject({ ruleId: "uncc.language-accepted", path: "$.languages" });
    expect(Object.keys(parsed.findings[0].message).sort()).toEqual(["ar", "en", "es", "fr", "ru", "zh"]);
    const arabic = runCli([
      "request",
      "validate",
      join(invalidDir, "general-mla-language-not-accepted.json"),
      "--to",
      "XB",
      "--lang",
      "ar",
    ]);
    expect(arabic.stdout).toContain(parsed.findings[0].message.ar);
  });

  it("applies the treaty given with --treaty", () => {
    const result = runCli([
      "request",
      "validate",
      valid("general-mla"),
      "--to",
      "XB",
      "--treaty",
      "budapest-2001",
      "--json",
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain(
      "bud.states-party",
    );
  });

  it.each([
    ["a missing file", ["request", "validate", "/nonexistent/request.json", "--to", "XB"], /no such file/],
    ["a file that is not JSON", ["request", "validate", "NOT_JSON", "--to", "XB"], /is not JSON/],
    ["an unknown State", ["request", "validate", valid("preservation"), "--to", "QQ"], /unknown State "QQ"/],
    [
      "an unknown treaty",
      ["request", "validate", valid("preservation"), "--to", "XB", "--treaty", "nope-1999"],
      /unknown treaty "nope-1999"/,
    ],
    [
      "an unknown language",
      ["request", "validate", valid("preservation"), "--to", "XB", "--lang", "de"],
      /--lang must be one of/,
    ],
    ["a missing --to", ["request", "validate", valid("preservation")], /required option '--to <state>'/],
    [
      "a State other than the addressee",
      ["request", "validate", valid("preservation"), "--to", "XC"],
      /addressed to XB but --to says XC/,
    ],
    ["an unknown command", ["requests", "validate"], /unknown command/],
  ])("exits 2 for %s, with a clear message", (_name, args, message) => {
    const dir = mkdtempSync(join(tmpdir(), "rogatory-cli-"));
    const notJson = join(dir, "request.json");
    writeFileSync(notJson, "{ this is not json");
    const result = runCli(args.map((a) => (a === "NOT_JSON" ? notJson : a)));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });
});

describe("examples", () => {
  const expected: Record<string, string[]> = JSON.parse(
    readFileSync(join(invalidDir, "expected-findings.json"), "utf8"),
  );

  it("cover every kind, valid and invalid", () => {
    const kinds = readdirSync(join(REPO, "examples", "valid")).map((f) => f.replace(/\.json$/, ""));
    expect(kinds).toHaveLength(11);
    for (const kind of kinds) expect(Object.keys(expected).some((name) => name.startsWith(kind))).toBe(true);
  });

  it.each(Object.entries(expected))("%s breaks exactly the rules it is meant to", (file, ruleIds) => {
    const result = runCli(["request", "validate", join(invalidDir, file), "--to", "XB", "--json"]);
    expect(result.code).toBe(1);
    const errors = JSON.parse(result.stdout)
      .findings.filter((f: { severity: string }) => f.severity === "error")
      .map((f: { ruleId: string }) => f.ruleId);
    expect(errors.sort()).toEqual([...ruleIds].sort());
  });
});

describe("rogatory schema", () => {
  it("prints the request document's JSON Schema", () => {
    const result = runCli(["schema", "request"]);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout);
    expect(schema.$id).toBe("urn:rogatory:schema:request:1");
    expect(schema.properties.kind.enum).toContain("preservation");
    expect(schema.required).toEqual(
      expect.arrayContaining(["format", "kind", "requestingState", "requestedState", "languages"]),
    );
  });

  it("refuses an unknown schema name with exit 2", () => {
    expect(runCli(["schema", "nothing"]).code).toBe(2);
  });
});
