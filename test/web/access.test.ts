/**
 * What a case officer may not open, seen from the browser and from the API, and the keyboard path
 * through the frame: one real node process (XA), one browser. The UI hides the approvals queue
 * from a case officer and answers its address with a clear refusal; the node, which decides,
 * never offers the officer the approval of a request, even one of their own unit in the queue.
 * Last, a session that ends under the wizard: the sign-in dialog over it keeps what was typed.
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

  it("a malformed address (a cut percent-escape) shows 'This page does not exist.', not a blank page", async () => {
    const { page } = browser;
    await page.goto("/#/requests/%E0%A4%A");
    await page.getByRole("alert").filter({ hasText: "This page does not exist." }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    expect(browser.problems()).toEqual([]);
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
    // The opened screen's heading has the focus: a screen reader says which screen it is.
    await expect.poll(() => focusedName(page)).toMatch(/^h1:./);
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

describe("a session that ends while the officer is typing", { timeout: 90_000 }, () => {
  const TITLE = "Ransomware against the port authority";
  const dialogOf = (page: import("playwright-core").Page) =>
    page.getByRole("dialog", { name: "Your session has ended: sign in again" });
  let draftId: string;

  it("asks to sign in again over the wizard; what was typed stays, and Save draft then works", async () => {
    const { page, context } = browser;
    const user = xa.users.get("case-officer");
    if (!user) throw new Error("no case officer");
    await page.goto("/#/requests/new");
    await page.getByLabel("Case title").fill(TITLE);
    await page.getByLabel("Requested State").selectOption({ label: "State B" });
    await page.getByLabel("Kind of request").selectOption({ label: "Expedited preservation of stored data" });
    const save = page.getByRole("button", { name: "Save draft", exact: true });
    await save.waitFor();
    // Live validation has answered: the save is the first call to meet the ended session.
    const summary = page.getByRole("region", { name: "Findings" }).getByRole("status");
    await expect.poll(() => summary.textContent()).toMatch(/^Errors: \d+\./);
    await expect.poll(() => summary.getAttribute("aria-busy")).toBe("false");

    await context.clearCookies();
    await save.click();
    const dialog = dialogOf(page);
    await dialog.waitFor();
    // The focus is in the dialog, on the password (the username is the officer's already).
    await expect(dialog.getByLabel("Username").inputValue()).resolves.toBe(user.username);
    await expect(
      page.evaluate(() => {
        const active = (globalThis as unknown as InPage).document.activeElement as unknown as {
          closest(selector: string): unknown;
          getAttribute(name: string): string | null;
        } | null;
        return active?.closest("dialog") !== null && active?.getAttribute("type") === "password";
      }),
    ).resolves.toBe(true);
    await expectAccessible(page, "session ended dialog");
    // Nothing was created by the refused save.
    const casesBefore = (await officerApi.expect("GET", "/api/v1/cases", 200)) as { title: string }[];
    expect(casesBefore.map((c) => c.title)).not.toContain(TITLE);

    await dialog.getByLabel("Password").fill(user.password);
    await dialog.getByRole("button", { name: "Sign in", exact: true }).click();
    await dialog.waitFor({ state: "detached" });
    await expect(page.getByLabel("Case title").inputValue()).resolves.toBe(TITLE);
    await save.click();
    await page
      .getByRole("status")
      .filter({ hasText: /^Draft .* saved\.$/ })
      .waitFor();
    const cases = (await officerApi.expect("GET", "/api/v1/cases", 200)) as { id: string; title: string }[];
    const opened = cases.find((c) => c.title === TITLE);
    expect(opened).toBeDefined();
    const drafts = (
      (await officerApi.expect("GET", "/api/v1/requests?queue=drafts", 200)) as {
        id: string;
        caseId: string;
      }[]
    ).filter((r) => r.caseId === opened?.id);
    expect(drafts).toHaveLength(1);
    draftId = drafts[0]?.id ?? "";
  });

  it("a sign-in in another tab (same cookie, new CSRF token): the save refreshes the token and goes through", async () => {
    const { page, context } = browser;
    const user = xa.users.get("case-officer");
    if (!user) throw new Error("no case officer");
    const before = await officerApi.expect("GET", `/api/v1/requests/${draftId}`, 200);
    // As another tab would: the browser's cookie now names a new session with another CSRF token.
    const signedIn = await context.request.post("/api/v1/session", {
      data: { username: user.username, password: user.password },
    });
    expect(signedIn.status()).toBe(200);
    const puts: number[] = [];
    const isPut = (r: import("playwright-core").Response) =>
      r.request().method() === "PUT" && r.url().endsWith(`/api/v1/requests/${draftId}/document`);
    const onResponse = (r: import("playwright-core").Response) => isPut(r) && puts.push(r.status());
    page.on("response", onResponse);
    const saved = page.waitForResponse((r) => isPut(r) && r.status() === 200);
    await page.getByRole("button", { name: "Save draft", exact: true }).click();
    await saved;
    page.off("response", onResponse);
    // Refused once for the stale token (403 CSRF), then sent again with the fresh one.
    expect(puts).toEqual([403, 200]);
    const after = await officerApi.expect("GET", `/api/v1/requests/${draftId}`, 200);
    expect(after.version).toBe(before.version + 1);
    await expect(dialogOf(page).count()).resolves.toBe(0);
  });

  it("someone else signing in in the dialog gets their own home, not the officer's screen", async () => {
    const { page, context } = browser;
    const [auditor] = await xa.createUsers([{ role: "auditor", username: "access-auditor" }]);
    if (!auditor) throw new Error("no auditor");
    // The officer's screen: the wizard, on the case just opened.
    const caseChoice = page.getByLabel("Case", { exact: true }).locator("option:checked");
    await expect(caseChoice.textContent()).resolves.toContain(TITLE);
    await context.clearCookies();
    await page.getByRole("button", { name: "Save draft", exact: true }).click();
    const dialog = dialogOf(page);
    await dialog.waitFor();
    await dialog.getByLabel("Username").fill(auditor.username);
    await dialog.getByLabel("Password").fill(auditor.password);
    await dialog.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Ledger and statistics" }).waitFor();
    expect(new URL(page.url()).hash).toBe("#/");
    await expect(page.getByRole("button", { name: "Save draft" }).count()).resolves.toBe(0);
    await expect(page.getByText(TITLE).count()).resolves.toBe(0);
    await expect(page.getByRole("link", { name: /Signed in as .*Auditor/ }).count()).resolves.toBe(1);
  });
});
