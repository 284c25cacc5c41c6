/**
 * Reads treaty packs and declaration documents from the `packs/` folder and checks them against
 * their schemas. A pack that does not parse is a deployment error, reported with every problem.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { type Declarations, DeclarationsSchema } from "../directory/declarations.js";
import { type Pack, PackSchema } from "../treaty/pack-schema.js";
import { StoreError } from "./errors.js";

export const DEFAULT_PACKS_DIR = join(import.meta.dirname, "..", "..", "packs");

function readJson<T>(file: string, schema: z.ZodType<T>, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
    throw new StoreError(missing ? "PACK_NOT_FOUND" : "PACK_INVALID", `${what}: cannot read ${file}`, {
      cause,
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("\n");
    throw new StoreError("PACK_INVALID", `${what} in ${file} is invalid:\n${problems}`);
  }
  return parsed.data;
}

export function listPackIds(dir = DEFAULT_PACKS_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .sort();
}

export function loadPack(id: string, dir = DEFAULT_PACKS_DIR): Pack {
  if (!/^[a-z0-9-]+$/.test(id)) throw new StoreError("PACK_NOT_FOUND", `no treaty pack named "${id}"`);
  return readJson(join(dir, `${id}.json`), PackSchema, `treaty pack ${id}`);
}

export function listDeclarationStates(dir = DEFAULT_PACKS_DIR): string[] {
  return readdirSync(join(dir, "declarations"))
    .filter((name) => /^[A-Z]{2}$/.test(name))
    .sort();
}

/** Undefined when the State has filed no declarations under that treaty: the engine then treats it as not party. */
export function loadDeclarations(
  state: string,
  treaty: string,
  dir = DEFAULT_PACKS_DIR,
): Declarations | undefined {
  if (!/^[A-Z]{2}$/.test(state) || !/^[a-z0-9-]+$/.test(treaty)) return undefined;
  try {
    return readJson(
      join(dir, "declarations", state, `${treaty}.json`),
      DeclarationsSchema,
      `declarations of ${state}`,
    );
  } catch (error) {
    if (error instanceof StoreError && error.code === "PACK_NOT_FOUND") return undefined;
    throw error;
  }
}

/** Every pack and every State's declarations, read and checked once at start-up and held in memory. */
export function loadTreatyRegistry(dir = DEFAULT_PACKS_DIR): {
  pack(id: string): Pack | undefined;
  packIds(): string[];
  declarations(state: string, treaty: string): Declarations | undefined;
  declarationStates(treaty: string): string[];
} {
  const packs = new Map(listPackIds(dir).map((id) => [id, loadPack(id, dir)] as const));
  const declarations = new Map<string, Declarations>();
  const states = listDeclarationStates(dir);
  for (const state of states) {
    for (const id of packs.keys()) {
      const found = loadDeclarations(state, id, dir);
      if (found) declarations.set(`${state}/${id}`, found);
    }
  }
  return {
    pack: (id) => packs.get(id),
    packIds: () => [...packs.keys()],
    declarations: (state, treaty) => declarations.get(`${state}/${treaty}`),
    declarationStates: (treaty) => states.filter((state) => declarations.has(`${state}/${treaty}`)),
  };
}
