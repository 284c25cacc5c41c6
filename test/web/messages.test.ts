/**
 * The UI's words are complete in the six languages: every catalogue has the same keys in each, no
 * empty text, the same `{placeholders}` (a translation that drops `{reference}` would show an
 * officer a sentence with a hole), every key a component names exists, and the UI's language list
 * is the treaty packs'. Failures name the key and the language, so the fix is one line away.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { UN_LANGUAGES } from "../../src/treaty/languages.js";
import { LANGUAGES } from "../../src/web/i18n/languages.js";
import { CATALOGUES } from "../../src/web/i18n/messages/index.js";
import { REPO } from "../support/run-cli.js";

const WEB = join(REPO, "src", "web");
const AREAS = Object.entries(CATALOGUES) as [string, Record<string, Record<string, string>>][];
/** Prefixes of the shared catalogue, the only one whose keys are not `<area>.<name>`. */
const COMMON_PREFIXES = ["app.", "action.", "nav.", "role.", "state.", "deadline."];

const placeholdersOf = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ""))].sort();

const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith(".tsx") ? [path] : [];
  });

describe("message catalogues", () => {
  it("the UI's languages are the six UN languages of the treaty packs, in the same order", () => {
    expect([...LANGUAGES]).toEqual([...UN_LANGUAGES]);
  });

  it.each(AREAS)("%s: every language has exactly the keys of English", (area, catalogue) => {
    const english = Object.keys(catalogue.en ?? {});
    const problems: string[] = [];
    for (const language of LANGUAGES) {
      const keys = new Set(Object.keys(catalogue[language] ?? {}));
      for (const key of english) if (!keys.has(key)) problems.push(`${area}: ${key} missing in ${language}`);
      for (const key of keys)
        if (!english.includes(key)) problems.push(`${area}: ${key} in ${language} but not in en`);
    }
    expect(Object.keys(catalogue).sort(), `${area}: languages`).toEqual([...LANGUAGES].sort());
    expect(problems).toEqual([]);
  });

  it.each(AREAS)("%s: no text is empty, and every language has English's placeholders", (area, catalogue) => {
    const problems: string[] = [];
    for (const [key, english] of Object.entries(catalogue.en ?? {})) {
      const wanted = placeholdersOf(english);
      for (const language of LANGUAGES) {
        const text = catalogue[language]?.[key];
        if (text === undefined) continue; // reported by the key test
        if (text.trim() === "") problems.push(`${area}: ${key} is empty in ${language}`);
        const found = placeholdersOf(text);
        if (found.join() !== wanted.join())
          problems.push(
            `${area}: ${key} in ${language} has {${found.join("}, {")}}, en has {${wanted.join("}, {")}}`,
          );
      }
    }
    expect(problems).toEqual([]);
  });

  it("keys are named after their area, and no two areas define the same key", () => {
    const owner = new Map<string, string>();
    const problems: string[] = [];
    for (const [area, catalogue] of AREAS) {
      for (const key of Object.keys(catalogue.en ?? {})) {
        const named =
          area === "common" ? COMMON_PREFIXES.some((p) => key.startsWith(p)) : key.startsWith(`${area}.`);
        if (!named)
          problems.push(
            `${area}: ${key} is not prefixed ${area === "common" ? COMMON_PREFIXES : `${area}.`}`,
          );
        const first = owner.get(key);
        if (first !== undefined) problems.push(`${key} is defined in ${first} and in ${area}`);
        owner.set(key, area);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every t("key") written in a component exists in the catalogues', () => {
    const known = new Set(AREAS.flatMap(([, catalogue]) => Object.keys(catalogue.en ?? {})));
    const files = sourcesUnder(WEB);
    expect(files.length).toBeGreaterThan(0);
    const problems: string[] = [];
    let used = 0;
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      for (const match of source.matchAll(/\bt\(\s*(["'])([^"'`]+)\1/g)) {
        used++;
        const key = match[2] ?? "";
        if (!known.has(key)) problems.push(`${relative(REPO, file)}: t("${key}") is in no catalogue`);
      }
    }
    expect(used).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
