/** `npm start`: three demo nodes created, seeded and started; logins work; Ctrl-C stops them all cleanly. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "../support/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "rogatory-demo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runDemo(port: number) {
  const child = spawn(process.execPath, ["--import", "tsx", resolve(REPO, "src", "cli", "demo.ts")], {
    cwd: REPO,
    env: { ...process.env, ROGATORY_DEMO_DIR: dir, ROGATORY_DEMO_PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<string>((done, fail) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ctrl-C stops all three")) done(output);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => fail(new Error(`demo exited with ${code}:\n${output}`)));
  });
  const exit = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { child, ready, exit };
}

async function signIn(base: string, username: string) {
  const response = await fetch(`${base}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "rogatory-demo" }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

describe("the demo", () => {
  it("starts three States with users and requests, and stops on Ctrl-C; a second start reuses the data", async () => {
    const port = 17401 + Math.floor(Math.random() * 1000);
    for (const round of [1, 2]) {
      const demo = runDemo(port);
      const output = await demo.ready;
      expect(output).toContain(round === 1 ? "creating demo node XC" : "XC  http://");
      if (round === 2) expect(output).not.toContain("creating demo node");
      for (const [offset, state] of ["XA", "XB", "XC"].entries()) {
        const health = await (await fetch(`http://127.0.0.1:${port + offset}/api/v1/health`)).json();
        expect(health).toMatchObject({ state, database: "sqlite" });
      }
      const cookie = await signIn(`http://127.0.0.1:${port}`, "supervisor");
      const approvals = await (
        await fetch(`http://127.0.0.1:${port}/api/v1/requests?queue=approvals`, { headers: { cookie } })
      ).json();
      expect(approvals).toHaveLength(1);
      const dutyCookie = await signIn(`http://127.0.0.1:${port}`, "duty-officer");
      const urgent = (await (
        await fetch(`http://127.0.0.1:${port}/api/v1/requests?queue=urgent`, {
          headers: { cookie: dutyCookie },
        })
      ).json()) as { kind: string }[];
      expect(urgent.map((r) => r.kind)).toEqual(["preservation"]);
      demo.child.kill("SIGINT");
      expect(await demo.exit).toBe(0);
    }
  }, 120_000);
});
