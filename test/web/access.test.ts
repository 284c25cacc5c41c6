/**
 * What a case officer may not open, seen from the browser and from the API, and the keyboard path
 * through the frame: one real node process (XA), one browser. The UI hides the approvals queue
 * from a case officer and answers its address with a clear refusal; the node, which decides,
 * never offers the officer the approval of a request, even one of their own unit in the queue.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { example } from "../federation/two-nodes.js";
import { type BrowserSession, expectAccessible, openBrowser, signInThroughUi } from "../support/browser.js";
import type { HttpClient } from "../support/http-client.js";
import { type Federation, type NodeProcess, startFederation } from "../support/node-process.js";
import type { InPage } from "./ui-steps.js";

let root: string;
let nodes: Federation;
let xa: NodeProcess;
let officerApi: HttpClient;
let browser: BrowserSession;
let awaitingId: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rogatory-web-access-"));
  nodes = await startFederation(root, ["XA"], { users: [{ role: "case-officer" }] });
  xa = nodes.get("XA");
  officerApi = await xa.signIn("case-officer");
  // A request of the officer's own unit waiting for approval: the queue is not empty for them.
  const { id: caseId } = await officerApi.expect("POST", "/api/v1/cases", 201, {
    reference: "XA-ACCESS-1",
    title: "Access test",
  });
  const drafted = await officerApi.expect("POST", `/api/v1/cases/${caseId}/requests`, 201, {
    treaty: "uncc-2024",
    document: { ...example("preservation"), reference: "XA-ACCESS-1/P" },
  });
  await officerApi.expect("POST", `/api/v1/requests/${drafted.id}/actions/submit`, 200, {});
  awaitingId = drafted.id;
  browser = await openBrowser(xa.url);
  const user = xa.users.get("case-officer");
  if (!user) throw new Error("no case officer");
  await signInThroughUi(browser.page, { username: user.username, password: user.password });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await nodes?.killAll();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("a case officer and the approvals queue", () => {
  it("the navigation has no Approvals link, but has the officer's own screens", async () => {
    const nav = browser.page.getByRole("navigation", { name: "Main navigation" });
    await nav.getByRole("link", { name: "New request", exact: true }).waitFor();
    await expect(nav.getByRole("link", { name: "Approvals", exact: true }).count()).resolves.toBe(0);
    await expect(nav.getByRole("link", { name: "Users", exact: true }).count()).resolves.toBe(0);
  });

  it("typing #/approvals shows 'You do not have access to this page.' and no request", async () => {
    const { page } = browser;
    await page.goto("/#/approvals");
    const alert = page.getByRole("alert").filter({ hasText: "You do not have access to this page." });
    await alert.waitFor();
    await expect(page.getByRole("link", { name: "XA-ACCESS-1/P" }).count()).resolves.toBe(0);
    await expectAccessible(page, "no access");
  });

  it("the API lists the unit's requests awaiting approval, but never offers or allows approving", async () => {
    // Need-to-know is by unit: the officer may read the unit's requests, so the queue answers 200
    // with them; the four-eyes rule is the node's, in the actions it offers and the ones it accepts.
    const queue = (await officerApi.expect("GET", "/api/v1/requests?queue=approvals", 200)) as {
      id: string;
      actions: string[];
    }[];
    expect(queue.map((r) => r.id)).toEqual([awaitingId]);
    expect(queue[0]?.actions).not.toContain("approve");
    const refused = await officerApi.post(`/api/v1/requests/${awaitingId}/actions/approve`, {});
    expect(refused.status).toBe(403);
    const after = await officerApi.expect("GET", `/api/v1/requests/${awaitingId}`, 200);
    expect(after.state).toBe("awaiting-approval");
    expect(after.history.map((h: { action: string }) => h.action)).not.toContain("approve");
  });
});

describe("the keyboard", () => {
  it("Tab from the top reaches the skip button, then the navigation; Enter opens the screen", async () => {
    const { page } = browser;
    await page.goto("/#/");
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await startFocusAtTop(page);
    await page.keyboard.press("Tab");
    await expect(focusedName(page)).resolves.toBe("button:Skip to main content");
    await page.keyboard.press("Tab");
    await expect(focusedName(page)).resolves.toBe("a:Home");
    await page.keyboard.press("Tab");
    const second = await focusedName(page);
    expect(second).toMatch(/^a:/);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.hash !== "#/");
    const opened = new URL(page.url()).hash;
    expect(opened).not.toBe("#/");
    await expect(
      page.getByRole("link", { name: second.slice(2), exact: true }).getAttribute("aria-current"),
    ).resolves.toBe("page");
  });

  it("the skip button moves the focus to the main content", async () => {
    const { page } = browser;
    await startFocusAtTop(page);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(
      page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.id),
    ).resolves.toBe("main");
  });
});

/** Tag and accessible text of the focused element, e.g. `a:Home`. */
const focusedName = (page: import("playwright-core").Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as InPage).document.activeElement;
    return `${el?.tagName.toLowerCase()}:${el?.textContent?.trim()}`;
  });

/**
 * Puts the keyboard at the top of the document, as when it comes into the page from the browser's
 * address bar: nothing in the page focused, the document itself the starting point. (A fresh load
 * is not that: the app focuses the screen's content, past the navigation, on every new address.)
 */
async function startFocusAtTop(page: import("playwright-core").Page): Promise<void> {
  await page.reload();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  await page.evaluate(() => {
    const { body } = (globalThis as unknown as InPage).document;
    body.tabIndex = -1;
    body.focus();
    body.removeAttribute("tabindex");
  });
}
