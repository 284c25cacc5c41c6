/** Reads a JSON file named on the command line, turning each way it can fail into a clear CliError. */
import { readFileSync } from "node:fs";
import { CliError } from "./cli-error.js";

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : "cannot be read";
    throw new CliError("FILE_NOT_FOUND", `${file}: ${reason}`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new CliError("NOT_JSON", `${file} is not JSON: ${(cause as Error).message}`, { cause });
  }
}
