/**
 * The main journey in a real browser against two real node processes: XA's case officer
 * drafts an urgent preservation request to XB in the wizard, sees XB's declarations before writing,
 * leaves a mandatory content out and sees the finding with its article beside the field, fixes it
 * and submits; XA's supervisor signs in with the second factor and approves; XB's 24/7 duty officer
 * finds it in the urgent queue, acknowledges, reviews and grants it with a condition, and the queue
 * then counts down to the preservation's expiry (a preservation has no deadline before the grant:
 * the pack sets no response time for it); XA's officer sees the decision and the condition. Each main screen passes axe-core and
 * is photographed (docs/screenshots/ with `npm run screenshots`).
 *
 * The second block shows the same screens in Arabic (test/web/arabic-screens.ts), on the same two
 * nodes: the browser suite starts two node processes, not four.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGUES } from "../../src/web/i18n/messages/index.js";
import { type BrowserSession, expectAccessible, screenshot } from "../support/browser.js";
import { describeArabicScreens } from "./arabic-screens.js";
import { startUiFederation, type UiFederation } from "./ui-federation.js";
import { boxOf, openFromNav, performAction, reloadUntilVisible } from "./ui-steps.js";

const KIND = "Expedited preservation of stored data";
const CONDITION = "Only for the proceedings in case XA-WEB-1; not to be passed to a third State.";
/** The preservation kind's mandatory content the officer forgets at first (UNCC Art. 42(2)(b)). */
const FACTS = "a summary of the relevant facts";
const FACTS_TEXT = "Phishing e-mails led over 300 victims in State A to a false bank site hosted in State B.";

let ui: UiFederation;

beforeAll(async () => {
  ui = await startUiFederation();
}, 180_000);

afterAll(async () => {
  await ui?.close();
});

describe("a preservation request from XA to XB, from draft to decision, in the browser", {
  timeout: 120_000,
}, () => {
  let officer: BrowserSession;
  let supervisor: BrowserSession;
  let requestHash: string;
  let reference: string;

  it("the sign-in page is accessible and refuses a wrong password with an alert", async () => {
    officer = await ui.browse(ui.xa);
    const { page } = officer;
    await page.getByLabel("Username").waitFor();
    await expectAccessible(page, "sign-in");
    await screenshot(page, "sign-in");
    await page.getByLabel("Username").fill(ui.logins.officer.username);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: CATALOGUES.session.en["session.signIn.failed"] })
      .waitFor();
    await expect(page.getByRole("button", { name: "Sign out" }).count()).resolves.toBe(0);
  });

  it("the officer sees XB's declarations, a finding with its article beside the field, fixes it and submits", async () => {
    const { page } = officer;
    await page.getByLabel("Password").fill(ui.logins.officer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "My cases and requests" }).waitFor();
    await expectAccessible(page, "case officer's home");

    await openFromNav(page, "New request", "#/requests/new");
    await page.getByLabel("Case", { exact: true }).selectOption({ label: "New case" });
    await page.getByLabel("Case title").fill("Phishing against bank customers");
    await page.getByLabel("Requested State").selectOption({ label: "State B" });
    await page.getByLabel("Kind of request").selectOption({ label: KIND });
    await page.getByLabel("Urgency").selectOption({ label: "Urgent" });
    const declarations = page.getByRole("region", { name: "Declarations of State B" });
    await declarations.waitFor();
    // XB's languages and its reservation on interception, with its article, above the first field.
    await expect(declarations.textContent()).resolves.toMatch(/French, Spanish.*UNCC Art\. 46\(1\)/s);
    const firstField = page.getByRole("region", { name: "Mandatory contents" });
    expect((await boxOf(declarations)).bottom).toBeLessThanOrEqual((await boxOf(firstField)).top);

    await fillPreservation(page, { facts: false });
    // The facts are the one error left: the summary above the buttons counts it.
    const summary = page.getByRole("region", { name: "Findings" }).getByRole("status");
    await expect.poll(() => summary.textContent()).toMatch(/^Errors: 1\./);
    const facts = page.getByLabel(FACTS, { exact: false });
    await expect.poll(() => facts.getAttribute("aria-invalid")).toBe("true");
    const findingId = String(await facts.getAttribute("aria-describedby")).split(" ")[0];
    const finding = page.locator(`[id="${findingId}"]`);
    await expect(finding.textContent()).resolves.toContain("UNCC Art. 42(2)(b)");
    const submit = page.getByRole("button", { name: "Submit for approval" });
    await expect(submit.isDisabled()).resolves.toBe(true);
    await expectAccessible(page, "wizard with a finding");
    await finding.scrollIntoViewIfNeeded();
    await screenshot(page, "wizard-finding");

    await facts.fill(FACTS_TEXT);
    await expect.poll(() => facts.getAttribute("aria-invalid")).not.toBe("true");
    await expect.poll(() => page.locator(`[id="${findingId}"]`).count()).toBe(0);
    await expect.poll(() => submit.isEnabled()).toBe(true);
    await submit.click();
    await page.waitForURL((url) => /^#\/requests\/[^/]+$/.test(url.hash) && url.hash !== "#/requests/new");
    requestHash = new URL(page.url()).hash;
    const drafted = await ui.api.officer.expect(
      "GET",
      `/api/v1/requests/${requestHash.split("/").at(-1)}`,
      200,
    );
    reference = drafted.reference;
    expect(drafted).toMatchObject({ state: "awaiting-approval", kind: "preservation", requestedState: "XB" });
    expect(drafted.document).toMatchObject({ urgency: "urgent", facts: FACTS_TEXT, mlaToFollow: true });
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(reference);
    await page
      .getByRole("definition")
      .filter({ hasText: /^Awaiting approval$/ })
      .waitFor();
  });

  it("XA's supervisor signs in with the second factor and approves from the approvals queue", async () => {
    supervisor = await ui.browse(ui.xa, ui.logins.supervisor);
    const { page } = supervisor;
    await page.getByRole("heading", { name: "Waiting for your approval" }).waitFor();
    await openFromNav(page, "Approvals", "#/approvals");
    const row = page.getByRole("link", { name: requestReference(reference) });
    await row.waitFor();
    await expectAccessible(page, "approvals queue");
    await screenshot(page, "approvals");
    await row.click();
    await page.waitForURL((url) => url.hash === requestHash);
    await performAction(page, "Approve", "Approved");
  });

  it("XB's 24/7 officer finds it in the urgent queue, grants it with a condition; its countdown runs", async () => {
    const { page } = await ui.browse(ui.xb, ui.logins.duty);
    await page.getByRole("heading", { name: "Urgent requests" }).waitFor();
    await openFromNav(page, "24/7 urgent queue", "#/urgent");
    const link = page.getByRole("link", { name: requestReference(reference) });
    await reloadUntilVisible(page, link);
    const row = page.getByRole("row").filter({ has: link });
    await expect(row.getByRole("cell").allTextContents()).resolves.toContain("Received");
    await expectAccessible(page, "urgent queue");

    await link.click();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await performAction(page, "Acknowledge", "Acknowledged");
    await performAction(page, "Begin review", "Under review");
    await performAction(page, "Grant with conditions", "Granted with conditions", async (form) => {
      await form.getByLabel("Condition type").first().selectOption("use-limitation");
      await form.getByLabel("Condition text").first().fill(CONDITION);
      await form.getByLabel("Reasons").fill("Subscriber and traffic data preserved for 90 days.");
    });
    await expectAccessible(page, "incoming request, decided");
    const copyId = new URL(page.url()).hash.split("/").at(-1);

    // The grant starts the preservation's term: the queue counts down to its expiry, live.
    await openFromNav(page, "24/7 urgent queue", "#/urgent");
    const countdown = row.locator("time.countdown");
    await countdown.waitFor();
    const copy = await ui.api.duty.expect("GET", `/api/v1/requests/${copyId}`, 200);
    const expiry = copy.deadlines.find((d: { kind: string }) => d.kind === "preservation-expiry");
    await expect(countdown.getAttribute("datetime")).resolves.toBe(expiry?.dueAt);
    // Days and the hours left over ("in 89 days 23 hours"): one unit alone would round a day away.
    await expect(countdown.textContent()).resolves.toMatch(/^in \d+ days( \d+ hours?)?$/);
    await screenshot(page, "urgent-queue");
  });

  it("XA's officer sees 'Granted with conditions' and the condition on the request page", async () => {
    const { page } = officer;
    await page.goto(`/${requestHash}`);
    const decisions = page.getByRole("region", { name: "Decisions" });
    await reloadUntilVisible(page, decisions.getByText("Granted with conditions"));
    await expect(decisions.textContent()).resolves.toContain(CONDITION);
    await expect(page.getByRole("region", { name: "Timeline" }).textContent()).resolves.toContain(
      "Received from State B (XB): Decision",
    );
    await expectAccessible(page, "request with its decision");
    await screenshot(page, "request-decision");
  });

  it("the supervisor's statistics count the request; the administrator's ledger, users and peers", async () => {
    await openFromNav(supervisor.page, "Statistics", "#/statistics");
    // The request just decided, counted: one preservation sent, none received.
    const byKind = supervisor.page.getByRole("table", { name: "Requests by kind" });
    const row = byKind.getByRole("row").filter({ hasText: KIND });
    await expect.poll(() => row.getByRole("cell").allTextContents()).toEqual(["1", "0", "1"]);
    await expectAccessible(supervisor.page, "statistics");
    await screenshot(supervisor.page, "statistics");

    const { page } = await ui.browse(ui.xa, ui.logins.admin);
    await openFromNav(page, "Ledger", "#/ledger");
    const entries = page.getByRole("table", { name: /^Ledger entries/ });
    await entries
      .getByRole("row")
      .filter({ hasText: /request\./ })
      .first()
      .waitFor();
    await expectAccessible(page, "ledger");
    await screenshot(page, "ledger");

    await openFromNav(page, "Users", "#/admin/users");
    await page.getByRole("row").filter({ hasText: ui.logins.officer.username }).first().waitFor();
    await expectAccessible(page, "users");
    await screenshot(page, "users");

    // XA's administrator sees the fingerprint XB's own node states for its signing key.
    const xbNode = await ui.api.duty.expect("GET", "/api/v1/node", 200);
    const bare = (text: string | null) => (text ?? "").replace(/\s/g, "");
    await openFromNav(page, "Peers", "#/admin/peers");
    await page.getByRole("heading", { name: /^XB/ }).first().waitFor();
    await expect(page.locator("main").textContent().then(bare)).resolves.toContain(
      bare(xbNode.keys.signing.fingerprint),
    );
    await expectAccessible(page, "peers");
    await screenshot(page, "peers");
  });
});

describeArabicScreens(() => ui);

describe("every browser of this file", () => {
  it("saw no page error and no Content-Security-Policy refusal", () => {
    expect(ui.problems()).toEqual([]);
  });
});

/** The link text of a request row: its reference, exactly. */
const requestReference = (reference: string) =>
  new RegExp(`^${reference.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

/** Fills the preservation kind's mandatory contents (the authority comes filled in), all or all but the facts. */
async function fillPreservation(page: Page, options: { facts: boolean }): Promise<void> {
  const offence = page.getByRole("group", { name: "Offence 1" });
  await offence.getByLabel("Convention offence").selectOption("UNCC-13");
  await offence.getByLabel("Legal provision").fill("Criminal Code of State A, art. 313-1 (computer fraud)");
  await offence.getByLabel("Description of the conduct").fill("Large-scale phishing of bank customers");
  await offence.getByLabel("Maximum penalty").selectOption("imprisonment");
  await offence.getByLabel("Years of imprisonment").fill("7");
  if (options.facts) await page.getByLabel(FACTS).fill(FACTS_TEXT);
  await page.getByLabel("a description of the data concerned").fill("Subscriber data and connection logs");
  await page.getByLabel("how the data relates to the offence").fill("The domain hosted the false bank site.");
  await page.getByLabel("why the measure is necessary").fill("The provider deletes its logs after 30 days.");
  await page.getByLabel("a statement that a request for mutual legal assistance will follow").check();
}
