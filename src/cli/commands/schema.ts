/** `rogatory schema request|pack|declarations`: prints a JSON Schema generated from our zod schemas. */
import { Argument, type Command } from "commander";
import { z } from "zod";
import { DeclarationsSchema } from "../../directory/declarations.js";
import { PackSchema } from "../../treaty/pack-schema.js";
import { requestJsonSchema } from "../../treaty/request-document.js";

const SCHEMAS = {
  request: requestJsonSchema,
  pack: () => z.toJSONSchema(PackSchema, { io: "input" }),
  declarations: () => z.toJSONSchema(DeclarationsSchema, { io: "input" }),
} as const;

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of a document format")
    .addArgument(new Argument("<name>", "which format").choices(Object.keys(SCHEMAS)))
    .action((name: keyof typeof SCHEMAS) => {
      process.stdout.write(`${JSON.stringify(SCHEMAS[name](), null, 2)}\n`);
    });
}
