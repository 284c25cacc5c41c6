/** docs/errors.md and the error catalogue must list the same codes with the same status and exit code. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE } from "../src/errors/catalogue.js";

type Row = { code: string; status: number; exit: number };

function documentedRows(markdown: string): Row[] {
  const rows: Row[] = [];
  for (const line of markdown.split("\n")) {
    const match = /^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|\s*(\d)\s*\|/.exec(line);
    if (match) rows.push({ code: match[1] ?? "", status: Number(match[2]), exit: Number(match[3]) });
  }
  return rows;
}

describe("docs/errors.md", () => {
  it("reads code, status and exit code from table rows", () => {
    expect(documentedRows("| code | status |\n|---|---|\n| `USAGE` | 400 | 2 | bad call |\n")).toEqual([
      { code: "USAGE", status: 400, exit: 2 },
    ]);
  });

  it("documents exactly the codes in the catalogue, with their status and exit code", () => {
    const documented = documentedRows(
      readFileSync(resolve(import.meta.dirname, "..", "docs", "errors.md"), "utf8"),
    );
    const catalogued = Object.entries(ERROR_CATALOGUE).map(([code, spec]) => ({
      code,
      status: spec.status,
      exit: spec.exit,
    }));
    const byCode = (a: Row, b: Row) => a.code.localeCompare(b.code);
    expect(documented.sort(byCode)).toEqual(catalogued.sort(byCode));
  });
});
