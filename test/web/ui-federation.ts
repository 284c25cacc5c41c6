/**
 * The two real nodes the browser tests work against: XA and XB as separate `rogatory node start`
 * processes that know each other as peers (test/support/node-process.ts), serving the built UI at
 * `/`, with the officers of the preservation journey created through the API. XA's supervisor has
 * the second factor, enrolled through the API, so the browser signs in with a code as a real one.
 * Every browser opened here is closed by `close()`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { example } from "../federation/two-nodes.js";
import {
  type BrowserSession,
  enrolSecondFactor,
  openBrowser,
  signInThroughUi,
  type UiLogin,
} from "../support/browser.js";
import type { HttpClient } from "../support/http-client.js";
import { eventually, type NodeProcess, startFederation } from "../support/node-process.js";

export type UiFederation = {
  xa: NodeProcess;
  xb: NodeProcess;
  /** Sign-in details: XA's case officer, supervisor (with a second factor) and administrator; XB's duty officer. */
  logins: { officer: UiLogin; supervisor: UiLogin; admin: UiLogin; duty: UiLogin };
  /** API clients for setting up what a test only looks at. The supervisor's session passed the second factor. */
  api: { officer: HttpClient; supervisor: HttpClient; duty: HttpClient };
  /** A browser at `node`'s UI, signed in as `login` when given. */
  browse(node: NodeProcess, login?: UiLogin, options?: { locale?: string }): Promise<BrowserSession>;
  /** Problems (page errors, CSP refusals) seen in every browser opened so far. */
  problems(): string[];
  close(): Promise<void>;
};

const loginOf = (node: NodeProcess, username: string, totpSecret?: string): UiLogin => {
  const user = node.users.get(username);
  if (!user) throw new Error(`no user ${username} on ${node.state}`);
  return { username: user.username, password: user.password, ...(totpSecret ? { totpSecret } : {}) };
};

export async function startUiFederation(): Promise<UiFederation> {
  const root = mkdtempSync(join(tmpdir(), "rogatory-web-"));
  const nodes = await startFederation(root, ["XA", "XB"], {
    users: {
      XA: [{ role: "case-officer" }, { role: "supervisor" }],
      // The preservation request is urgent: it lands in XB's 24/7 unit.
      XB: [{ role: "duty-officer" }],
    },
  });
  const xa = nodes.get("XA");
  const xb = nodes.get("XB");
  const supervisor = await xa.signIn("supervisor");
  const secret = await enrolSecondFactor(supervisor);
  const browsers: BrowserSession[] = [];
  return {
    xa,
    xb,
    logins: {
      officer: loginOf(xa, "case-officer"),
      supervisor: loginOf(xa, "supervisor", secret),
      admin: { username: "admin", password: xa.adminPassword },
      duty: loginOf(xb, "duty-officer"),
    },
    api: { officer: await xa.signIn("case-officer"), supervisor, duty: await xb.signIn("duty-officer") },
    async browse(node, login, options = {}) {
      const session = await openBrowser(node.url, options);
      browsers.push(session);
      if (login) await signInThroughUi(session.page, login);
      return session;
    },
    problems: () => browsers.flatMap((b) => b.problems()),
    async close() {
      await Promise.allSettled(browsers.map((b) => b.close()));
      await nodes.killAll();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

type Listed = { id: string; reference: string; direction: string; state: string };

/**
 * The preservation request of examples/valid under `reference`, sent from XA to XB through the
 * API (drafted, submitted, approved), then acknowledged, reviewed and granted with `condition` by
 * XB's duty officer; returns XA's and XB's ids once XA has recorded the decision.
 */
export async function grantedPreservation(
  ui: UiFederation,
  reference: string,
  condition: { type: string; text: string },
): Promise<{ xaId: string; xbId: string }> {
  const { officer, supervisor, duty } = ui.api;
  const { id: caseId } = await officer.expect("POST", "/api/v1/cases", 201, { reference, title: "Phishing" });
  const drafted = await officer.expect("POST", `/api/v1/cases/${caseId}/requests`, 201, {
    treaty: "uncc-2024",
    document: { ...example("preservation"), reference },
  });
  await officer.expect("POST", `/api/v1/requests/${drafted.id}/actions/submit`, 200, {});
  await supervisor.expect("POST", `/api/v1/requests/${drafted.id}/actions/approve`, 200, {});
  const copy = await eventually(`${reference} on XB`, async () => {
    const listed = (await duty.expect("GET", "/api/v1/requests?queue=urgent", 200)) as Listed[];
    return listed.find((r) => r.reference === reference);
  }, [ui.xa, ui.xb]);
  for (const action of ["acknowledge", "begin-review"])
    await duty.expect("POST", `/api/v1/requests/${copy.id}/actions/${action}`, 200, {});
  await duty.expect("POST", `/api/v1/requests/${copy.id}/actions/grant-with-conditions`, 200, {
    conditions: [condition],
    reason: "Subscriber and traffic data preserved.",
  });
  await eventually(`${reference} decided on XA`, async () => {
    const request = await officer.expect("GET", `/api/v1/requests/${drafted.id}`, 200);
    return request.state === "granted-with-conditions" ? request : undefined;
  }, [ui.xa, ui.xb]);
  return { xaId: drafted.id, xbId: copy.id };
}
