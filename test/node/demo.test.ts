/**
 * `npm start`, run as a real process (the command of package.json's `start` script) in a temporary
 * folder on free ports: three demo nodes created with peers exchanged and cases played through the
 * real message flow, the printed logins working, messages flowing while it runs, Ctrl-C stopping it
 * with exit 0, a second start reusing the data, and a half-made or foreign demo folder handled.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type HttpClient, httpCall, signIn } from "../support/http-client.js";
import { REPO } from "../support/run-cli.js";

const root = mkdtempSync(join(tmpdir(), "rogatory-demo-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const STATES = ["XA", "XB", "XC"] as const;
type State = (typeof STATES)[number];

/** package.json's `start` script, with this Node for `node`: what `npm start` runs. */
function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: { start: string } };
  const [program, ...args] = pkg.scripts.start.split(/\s+/);
  expect(program).toBe("node");
  return args;
}

const portFree = (port: number) =>
  new Promise<boolean>((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, "127.0.0.1", () => server.close(() => done(true)));
  });

/** A base port whose three officers' ports and three node-to-node ports (base + 100 …) are free now. */
async function freeBasePort(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const ports = [0, 1, 2, 100, 101, 102].map((offset) => base + offset);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
}

type Demo = {
  child: ChildProcess;
  /** Resolves with the output once the demo printed its URLs; rejects if it exits first. */
  ready: Promise<string>;
  exit: Promise<number | null>;
  output(): string;
};

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function runDemo(dir: string, port: number): Demo {
  const child = spawn(process.execPath, startCommand(), {
    cwd: REPO,
    env: { ...process.env, ROGATORY_DEMO_DIR: dir, ROGATORY_DEMO_PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  const exit = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const ready = new Promise<string>((done, fail) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ctrl-C stops all three")) done(output);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exit.then((code) => fail(new Error(`the demo exited with ${code}:\n${output}`)));
  });
  return { child, ready, exit, output: () => output };
}

/** What the demo printed for each node: the officers' URL and the node-to-node URL. */
function printedUrls(output: string): Record<State, { officers: string; federation: string }> {
  const urls = {} as Record<State, { officers: string; federation: string }>;
  for (const state of STATES) {
    const officers = new RegExp(`^\\s+${state}\\s+officers: (http://\\S+)`, "m").exec(output)?.[1];
    const block = output.slice(output.indexOf(`${state}  officers:`));
    const federation = /node-to-node: (https:\/\/\S+)/.exec(block)?.[1];
    if (!officers || !federation) throw new Error(`no URLs printed for ${state}:\n${output}`);
    urls[state] = { officers, federation };
  }
  return urls;
}

/** The printed logins: the user name is the role, one password for all. */
function printedLogins(output: string): { password: string; usernames: string[] } {
  const password = /the user name is the role, the password "([^"]+)"/.exec(output)?.[1];
  const start = output.indexOf("Logins on every node");
  const usernames = [...output.slice(start).matchAll(/^ {2}([a-z-]+)\s+unit \S+$/gm)].map((m) => m[1] ?? "");
  if (!password) throw new Error(`no password printed:\n${output}`);
  return { password, usernames };
}

type RequestSummary = { id: string; reference: string; direction: string; state: string; kind: string };

async function requestsOn(client: HttpClient, queue = "all"): Promise<RequestSummary[]> {
  const answer = await client.get(`/api/v1/requests?queue=${queue}&limit=500`);
  expect(answer.status).toBe(200);
  return answer.body as RequestSummary[];
}

const byReference = (requests: readonly RequestSummary[], reference: string, direction: string) => {
  const found = requests.find((r) => r.reference === reference && r.direction === direction);
  if (!found) throw new Error(`no ${direction} ${reference} among ${JSON.stringify(requests)}`);
  return found;
};

type Sessions = (base: string, username: string) => Promise<HttpClient>;

/**
 * One sign-in per node and user for the whole run of a demo, reused: nodes limit sign-ins to a
 * few a minute from one address, and a test signs in as many people.
 */
function sessions(password: string): Sessions {
  const open = new Map<string, Promise<HttpClient>>();
  return (base, username) => {
    const key = `${base} ${username}`;
    const client = open.get(key) ?? signIn(base, username, password);
    open.set(key, client);
    return client;
  };
}

/** Every request on every node, by node, seen by the auditor (who reads all units). */
async function everything(urls: Record<State, { officers: string }>, session: Sessions) {
  const all: Record<string, RequestSummary[]> = {};
  for (const state of STATES) {
    const auditor = await session(urls[state].officers, "auditor");
    all[state] = (await requestsOn(auditor)).sort((a, b) => a.id.localeCompare(b.id));
  }
  return all;
}

/** Waits, up to a generous bound, until `check` holds; the bound only stops a broken run. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`never happened: ${what}`);
}

describe("npm start", () => {
  const dir = join(root, "demo");
  let port = 0;
  let afterFirstRun: Record<string, RequestSummary[]> = {};

  it("creates three peered States with cases played through the federation, serves them, and stops on Ctrl-C", async () => {
    port = await freeBasePort();
    const demo = runDemo(dir, port);
    const output = await demo.ready;
    expect(output).toContain("First start: creating the demo");
    for (const state of STATES) expect(output).toContain(`creating demo node ${state}`);
    const urls = printedUrls(output);
    const { password, usernames } = printedLogins(output);
    const session = sessions(password);
    expect(usernames).toEqual([
      "case-officer",
      "supervisor",
      "duty-officer",
      "executing-officer",
      "auditor",
      "administrator",
    ]);
    for (const [index, state] of STATES.entries()) {
      expect(urls[state]).toEqual({
        officers: `http://127.0.0.1:${port + index}`,
        federation: `https://127.0.0.1:${port + index + 100}`,
      });
      const health = await httpCall(urls[state].officers, "GET", "/api/v1/health");
      expect(health.body).toMatchObject({ state, database: "sqlite" });
      // Every printed login signs in on every node.
      for (const username of usernames) await session(urls[state].officers, username);
    }

    // Peers exchanged: each node trusts the two others, at the node-to-node URLs it printed.
    for (const state of STATES) {
      const admin = await session(urls[state].officers, "administrator");
      const peers = (await admin.get("/api/v1/peers")).body as {
        state: string;
        status: string;
        endpoint: string;
      }[];
      const others = STATES.filter((s) => s !== state);
      expect(peers.map((p) => [p.state, p.status, p.endpoint]).sort()).toEqual(
        others.map((s) => [s, "active", urls[s].federation]),
      );
    }

    // XA's preservation reached XB (in its 24/7 queue) and XB's decision, with its conditions, reached XA.
    const xaOfficer = await session(urls.XA.officers, "case-officer");
    const xbDuty = await session(urls.XB.officers, "duty-officer");
    const sent = byReference(await requestsOn(xaOfficer), "XA-2026-PRES-0042", "outgoing");
    const received = byReference(await requestsOn(xbDuty, "urgent"), "XA-2026-PRES-0042", "incoming");
    expect(received.state).toBe("granted-with-conditions");
    expect(sent.state).toBe("granted-with-conditions");
    const detail = (await xaOfficer.get(`/api/v1/requests/${sent.id}`)).body;
    expect(detail.decisions).toMatchObject([{ outcome: "granted-with-conditions" }]);
    expect(JSON.stringify(detail.decisions[0].conditions)).toContain("use-limitation");
    const letters = (await xaOfficer.get(`/api/v1/requests/${sent.id}/messages`)).body;
    expect(letters.sent.map((m: { kind: string; status: string }) => [m.kind, m.status])).toEqual([
      ["request", "delivered"],
    ]);
    expect(letters.received.map((m: { kind: string }) => m.kind)).toEqual([
      "acknowledgement",
      "status-update",
      "decision",
    ]);

    // The other cases, each in its state on both sides.
    const all = await everything(urls, session);
    const stateOf = (state: State, reference: string, direction: string) =>
      byReference(all[state] ?? [], reference, direction).state;
    expect(stateOf("XB", "XA-2026-STOR-0042", "incoming")).toBe("more-info-requested");
    expect(stateOf("XA", "XA-2026-STOR-0042", "outgoing")).toBe("more-info-requested");
    expect(stateOf("XB", "XC-2026-GENE-0007", "incoming")).toBe("received");
    expect(stateOf("XC", "XC-2026-GENE-0007", "outgoing")).toBe("delivered");
    expect(stateOf("XA", "XC-2026-PRES-0007", "incoming")).toBe("received");
    // XC executed in part and sent the traffic data: XB received it as evidence.
    expect(stateOf("XC", "XB-2026-GENE-0013", "incoming")).toBe("executing");
    expect(stateOf("XB", "XB-2026-GENE-0013", "outgoing")).toBe("evidence-received");
    expect(stateOf("XA", "XA-2026-GENE-0043", "outgoing")).toBe("draft");
    expect(stateOf("XA", "XA-2026-GENE-0051", "outgoing")).toBe("awaiting-approval");
    // A request awaiting approval is not sent: XC never heard of it.
    expect(all.XC?.some((r) => r.reference === "XA-2026-GENE-0051")).toBe(false);
    const xbSupervisor = await session(urls.XB.officers, "supervisor");
    const refusedInPart = byReference(await requestsOn(xbSupervisor), "XB-2026-GENE-0013", "outgoing");
    const decisions = (await xbSupervisor.get(`/api/v1/requests/${refusedInPart.id}`)).body.decisions;
    expect(decisions.at(-1)).toMatchObject({ outcome: "partially-granted", grounds: ["R-DATAPROT"] });

    // Something for people to do on every node, offered to the right role.
    const todo: [State, string, string, string, string][] = [
      ["XA", "case-officer", "XA-2026-STOR-0042", "outgoing", "provide-information"],
      ["XA", "supervisor", "XA-2026-GENE-0051", "outgoing", "approve"],
      ["XA", "duty-officer", "XC-2026-PRES-0007", "incoming", "acknowledge"],
      ["XB", "duty-officer", "XA-2026-PRES-0051", "incoming", "acknowledge"],
      ["XB", "supervisor", "XC-2026-GENE-0007", "incoming", "acknowledge"],
      ["XC", "executing-officer", "XB-2026-GENE-0013", "incoming", "complete-execution"],
      ["XB", "case-officer", "XB-2026-GENE-0013", "outgoing", "close"],
    ];
    for (const [state, role, reference, direction, action] of todo) {
      const person = await session(urls[state].officers, role);
      const request = byReference(await requestsOn(person), reference, direction) as RequestSummary & {
        actions: string[];
      };
      expect({ state, role, reference, actions: request.actions }).toEqual({
        state,
        role,
        reference,
        actions: expect.arrayContaining([action]),
      });
    }

    // While it runs, messages flow: XB's duty officer acknowledges, and XA sees it.
    const pending = byReference(await requestsOn(xbDuty, "urgent"), "XA-2026-PRES-0051", "incoming");
    expect(pending.state).toBe("received");
    await xbDuty.expect("POST", `/api/v1/requests/${pending.id}/actions/acknowledge`, 200, {});
    await eventually("XA sees XB's acknowledgement", async () => {
      const ours = byReference(await requestsOn(xaOfficer), "XA-2026-PRES-0051", "outgoing");
      return ours.state === "acknowledged";
    });
    afterFirstRun = await everything(urls, session);

    demo.child.kill("SIGINT");
    expect(await demo.exit).toBe(0);
    expect(demo.output()).toContain("stopped.");
  }, 180_000);

  it("reuses the data at the next start: no new creation, the same requests with the same ids", async () => {
    expect(Object.keys(afterFirstRun)).toHaveLength(3);
    const demo = runDemo(dir, port);
    const output = await demo.ready;
    expect(output).not.toContain("creating");
    const { password } = printedLogins(output);
    expect(await everything(printedUrls(output), sessions(password))).toEqual(afterFirstRun);
    demo.child.kill("SIGINT");
    expect(await demo.exit).toBe(0);
  }, 120_000);
});

describe("a demo folder npm start did not finish or did not make", () => {
  it("an interrupted creation is discarded and made again at the next start", async () => {
    const dir = join(root, "interrupted");
    const port = await freeBasePort();
    const first = runDemo(dir, port);
    first.ready.catch(() => undefined);
    await eventually("creation under way", async () => first.output().includes("creating demo node XB"));
    first.child.kill("SIGKILL");
    await first.exit;
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(`${dir}.partial`)).toBe(true);

    const second = runDemo(dir, port);
    const output = await second.ready;
    expect(output).toContain(`An earlier creation of the demo did not finish: ${dir}.partial is discarded`);
    expect(existsSync(`${dir}.partial`)).toBe(false);
    const { password } = printedLogins(output);
    const all = await everything(printedUrls(output), sessions(password));
    // Made once: one copy of each seeded request, not two.
    expect(all.XB?.filter((r) => r.reference === "XA-2026-PRES-0042")).toHaveLength(1);
    second.child.kill("SIGINT");
    expect(await second.exit).toBe(0);
  }, 180_000);

  it("a folder without the demo's marker (an older demo, or anything else) is refused and left as it was", async () => {
    const dir = join(root, "older");
    mkdirSync(join(dir, "XA"), { recursive: true });
    writeFileSync(join(dir, "XA", "config.json"), '{"state":"XA"}\n');
    const before = readdirSync(dir, { recursive: true }).sort();
    const demo = runDemo(dir, await freeBasePort());
    demo.ready.catch(() => undefined);
    expect(await demo.exit).toBe(2);
    expect(demo.output()).toContain(`${dir} is not a demo this version can run`);
    expect(demo.output()).toContain(`rm -rf ${dir}`);
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
    expect(readFileSync(join(dir, "XA", "config.json"), "utf8")).toBe('{"state":"XA"}\n');
    expect(existsSync(`${dir}.partial`)).toBe(false);
  }, 60_000);
});
