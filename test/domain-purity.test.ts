/**
 * Domain folders hold the rules; they must not reach for I/O, a framework, the store or the server.
 * This test reads every import in them and fails on the first that does.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "..", "src");
const DOMAIN_FOLDERS = ["treaty", "directory", "cases", "ledger", "verify"];
const FORBIDDEN_PACKAGES = [
  /^(node:)?(fs|fs\/promises|net|http|https|http2|tls|dgram|dns|child_process|worker_threads|cluster|readline)$/,
  /^fastify/,
  /^@fastify\//,
  /^kysely/,
  /^better-sqlite3$/,
  /^pg$/,
  /^commander$/,
  /^cli-progress$/,
];
const FORBIDDEN_FOLDERS = ["store", "server", "cli", "federation", "web"];

function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)) {
    if (match[1]) found.push(match[1]);
  }
  return found;
}

function violation(file: string, specifier: string): string | undefined {
  if (FORBIDDEN_PACKAGES.some((pattern) => pattern.test(specifier))) return `${specifier} (I/O or framework)`;
  if (specifier.startsWith(".")) {
    const target = relative(SRC, resolve(dirname(file), specifier)).split(/[\\/]/)[0] ?? "";
    if (FORBIDDEN_FOLDERS.includes(target)) return `${specifier} (reaches into src/${target})`;
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("domain purity", () => {
  it("flags I/O, frameworks and outer layers, and allows pure imports", () => {
    const file = join(SRC, "treaty", "x.ts");
    const sample = `import { a } from "node:fs";\nimport type { B } from "../store/db.js";\nimport { z } from "zod";\nconst m = await import("fastify");\nimport "./local.js";`;
    const imports = importsOf(sample);
    expect(imports).toEqual(["node:fs", "../store/db.js", "zod", "fastify", "./local.js"]);
    expect(imports.map((s) => violation(file, s) !== undefined)).toEqual([true, true, false, true, false]);
  });

  it("finds no forbidden import in any domain folder", () => {
    const problems: string[] = [];
    let scanned = 0;
    for (const folder of DOMAIN_FOLDERS) {
      let files: string[] = [];
      try {
        files = sourceFiles(join(SRC, folder));
      } catch {
        continue; // a domain folder that does not exist yet has nothing to break
      }
      for (const file of files) {
        scanned++;
        for (const specifier of importsOf(readFileSync(file, "utf8"))) {
          const problem = violation(file, specifier);
          if (problem) problems.push(`${relative(SRC, file)} imports ${problem}`);
        }
      }
    }
    expect(scanned).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });
});
