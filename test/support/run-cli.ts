/** Runs the real `rogatory` command as a separate process and captures what it prints and its exit code. */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "..", "..");
const BIN = resolve(REPO, "bin", "rogatory.js");

export type CliResult = { code: number; stdout: string; stderr: string };

export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
