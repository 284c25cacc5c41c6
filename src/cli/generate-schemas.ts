/**
 * Writes the JSON Schemas of treaty packs and declaration documents to `packs/schema/`, from the
 * zod schemas the loader uses, so that editors can check a pack while it is being written. The zod
 * schemas stay the authority: their refinements (unique rule ids, known refusal grounds …) cannot be
 * said in JSON Schema and are checked when a pack loads. Run after changing either schema:
 *
 *   node --import tsx src/cli/generate-schemas.ts
 *
 * `src/treaty/packs.test.ts` fails while the committed files differ from what this produces.
 */
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { DeclarationsSchema } from "../directory/declarations.js";
import { DEFAULT_PACKS_DIR } from "../store/pack-files.js";
import { PackSchema } from "../treaty/pack-schema.js";

/** File name under `packs/schema/` → the schema it holds. */
export const SCHEMA_FILES: Readonly<Record<string, () => Record<string, unknown>>> = {
  "pack.schema.json": () => ({
    $id: "urn:rogatory:schema:pack:1",
    title: "Rogatory treaty pack, format rogatory.pack/1",
    ...z.toJSONSchema(PackSchema, { io: "input" }),
  }),
  "declarations.schema.json": () => ({
    $id: "urn:rogatory:schema:declarations:1",
    title: "Rogatory declarations of one State under one treaty, format rogatory.declarations/1",
    ...z.toJSONSchema(DeclarationsSchema, { io: "input" }),
  }),
};

export const SCHEMA_DIR = join(DEFAULT_PACKS_DIR, "schema");

export function writeSchemaFiles(dir = SCHEMA_DIR): string[] {
  const files = Object.entries(SCHEMA_FILES).map(([name, build]) => {
    const file = join(dir, name);
    writeFileSync(file, `${JSON.stringify(build(), null, 2)}\n`);
    return file;
  });
  // Biome lays JSON out its own way (short arrays on one line); format with it so that
  // `biome check` stays clean. The test compares content, so the layout is free.
  const biome = join(DEFAULT_PACKS_DIR, "..", "node_modules", ".bin", "biome");
  if (existsSync(biome)) execFileSync(biome, ["format", "--write", ...files], { stdio: "ignore" });
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const file of writeSchemaFiles()) console.log(`wrote ${file}`);
}
