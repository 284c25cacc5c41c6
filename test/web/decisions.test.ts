/**
 * The decision screen in a real browser against two real node processes (XA and XB, as in
 * journey.test.ts). Two stored-data requests are sent from XA and put under review at XB through
 * the API (a mutual legal assistance kind: its pack offers the full list of refusal grounds, and a
 * refusal or a question goes to XB's central authority, decided by its supervisor). What is under
 * test is done in the browser: XB's supervisor sees the pack's refusal grounds by article, the
 * persecution ground among them; cannot refuse without grounds, reasons and a prior consultation
 * (or why none), and nothing is sent; consults, then refuses; XA's case officer sees the refusal.
 * On the second request XB asks for more information, and XA's officer provides it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { example } from "../federation/two-nodes.js";
import { type BrowserSession, expectAccessible } from "../support/browser.js";
import type { HttpClient } from "../support/http-client.js";
import { eventually } from "../support/node-process.js";
import { REPO } from "../support/run-cli.js";
import { startUiFederation, type UiFederation } from "./ui-federation.js";

type Citation = { treaty: string; article: string; paragraph?: string; item?: string; unverified?: boolean };
type Ground = { code: string; citation: Citation; title: { en: string }; notAGround?: boolean };
type Pack = {
  kinds: { id: string; refusalGrounds: string[] }[];
  refusalGrounds: Ground[];
  procedures: Record<"consultation" | "reasonsForRefusal" | "moreInformation", Citation>;
};
type Detail = {
  state: string;
  version: number;
  history: { action: string }[];
  decisions: { outcome: string; grounds: string[]; reasons: string | null }[];
};
type Listed = { id: string; reference: string; direction: string };
type Received = { kind: string; body: Record<string, unknown> };

const PACK = JSON.parse(readFileSync(join(REPO, "packs", "uncc-2024.json"), "utf8")) as Pack;
const KIND = "stored-data";
/** The grounds the pack lets a State refuse this kind on, in the pack's order; not those marked never a ground. */
const GROUNDS = (PACK.kinds.find((k) => k.id === KIND)?.refusalGrounds ?? []).map((code) => {
  const ground = PACK.refusalGrounds.find((g) => g.code === code);
  if (!ground) throw new Error(`the pack lists ${code} for ${KIND} but does not define it`);
  return ground;
});
const OFFERED = GROUNDS.filter((g) => !g.notAGround);
const PERSECUTION = OFFERED.find((g) => g.code === "R-PERSECUTION");

/** A citation as an officer reads it, written here from the pack's data: "UNCC Art. 40(21)(a) (unverified)". */
function citationText(citation: Citation): string {
  if (citation.treaty !== "uncc-2024") throw new Error(`not a UNCC citation: ${citation.treaty}`);
  const paragraph = citation.paragraph ? `(${citation.paragraph})` : "";
  const item = citation.item ? `(${citation.item})` : "";
  return `UNCC Art. ${citation.article}${paragraph}${item}${citation.unverified ? " (unverified)" : ""}`;
}
/** A ground's checkbox label: its title and its article. */
const groundLabel = (g: Ground) => `${g.title.en} — ${citationText(g.citation)}`;

const MATTERS = "Please state whether the account holder is a national of State B and the penalty sought.";
const REASONS = "Substantial grounds to believe the proceedings aim at the holder's political opinions.";
const QUESTION = "Please give the exact times (with time zone) of the connections to be disclosed.";
const ANSWER = "12 April 2026, 08:15 to 08:47 UTC, from 203.0.113.17, port 443.";

let ui: UiFederation;
let central: HttpClient;
let refused: { xaId: string; xbId: string };
let questioned: { xaId: string; xbId: string };
let xb: BrowserSession;
let xa: BrowserSession;
/** The actions XB's browser sent to its node (POST …/actions/…), in order. */
const xbActions: string[] = [];

beforeAll(async () => {
  ui = await startUiFederation();
  // A request that is not urgent is filed in XB's central authority: its supervisor decides it.
  const [supervisor] = await ui.xb.createUsers([
    { role: "supervisor", unit: "central-authority", username: "xb-central" },
  ]);
  if (!supervisor) throw new Error("XB's supervisor was not created");
  central = await ui.xb.signIn(supervisor.username);
  refused = await underReviewAtXb("XA-DEC-REFUSE");
  questioned = await underReviewAtXb("XA-DEC-INFO");
  xb = await ui.browse(ui.xb, { username: supervisor.username, password: supervisor.password });
  xb.page.on("request", (request) => {
    const action = /\/api\/v1\/requests\/[^/]+\/actions\/([^/?]+)/.exec(request.url())?.[1];
    if (request.method() === "POST" && action) xbActions.push(action);
  });
  xa = await ui.browse(ui.xa, ui.logins.officer);
}, 240_000);

afterAll(async () => {
  await ui?.close();
});

/**
 * A stored-data request of examples/valid under `reference`, sent from XA to XB through the API
 * (drafted, submitted, approved), acknowledged and under review at XB; returns both ids once XA
 * knows the review has begun.
 */
async function underReviewAtXb(reference: string): Promise<{ xaId: string; xbId: string }> {
  const { officer, supervisor } = ui.api;
  const { id: caseId } = await officer.expect("POST", "/api/v1/cases", 201, { reference, title: "Phishing" });
  const drafted = await officer.expect("POST", `/api/v1/cases/${caseId}/requests`, 201, {
    treaty: "uncc-2024",
    document: { ...example(KIND), reference },
  });
  await officer.expect("POST", `/api/v1/requests/${drafted.id}/actions/submit`, 200, {});
  await supervisor.expect("POST", `/api/v1/requests/${drafted.id}/actions/approve`, 200, {});
  const copy = await eventually(`${reference} on XB`, async () => {
    const listed = (await central.expect("GET", "/api/v1/requests?queue=all", 200)) as Listed[];
    return listed.find((r) => r.reference === reference && r.direction === "incoming");
  }, [ui.xa, ui.xb]);
  for (const action of ["acknowledge", "begin-review"])
    await central.expect("POST", `/api/v1/requests/${copy.id}/actions/${action}`, 200, {});
  await eventually(`${reference} under review on XA`, async () => {
    const request = await detailOn(officer, drafted.id);
    return request.state === "under-review" ? request : undefined;
  }, [ui.xa, ui.xb]);
  return { xaId: drafted.id, xbId: copy.id };
}

const detailOn = (client: HttpClient, id: string): Promise<Detail> =>
  client.expect("GET", `/api/v1/requests/${id}`, 200);
const receivedOn = async (client: HttpClient, id: string): Promise<Received[]> =>
  (await client.expect("GET", `/api/v1/requests/${id}/messages`, 200)).received;

/** The inline form of the action `label`, after pressing its button. */
async function openAction(page: Page, label: string): Promise<Locator> {
  await page.getByRole("button", { name: label, exact: true }).click();
  const form = page.getByRole("form", { name: label, exact: true });
  await form.waitFor();
  return form;
}

/** Confirms `form` and waits for the page to announce the request's new state. */
async function confirmAndAwait(page: Page, form: Locator, announcement: string): Promise<void> {
  await form.getByRole("button", { name: "Confirm", exact: true }).click();
  await page.getByRole("status").filter({ hasText: announcement }).waitFor();
}

/** The texts of the list in the form's alert, once it shows `expected`. */
async function expectMissing(form: Locator, expected: string[]): Promise<void> {
  await expect.poll(() => form.getByRole("alert").getByRole("listitem").allTextContents()).toEqual(expected);
}

/** The decision shown with the outcome `outcome` in the page's "Decisions" section. */
const decisionShown = (page: Page, outcome: string) =>
  page
    .getByRole("region", { name: "Decisions", exact: true })
    .getByRole("listitem")
    .filter({ has: page.getByText(outcome, { exact: true }) });

const MISSING_GROUNDS = "Choose at least one refusal ground.";
const MISSING_REASONS = "Write the reasons: this action requires them.";
const MISSING_CONSULTATION =
  "Consult the requesting State first, or state why consultation is not appropriate.";

describe("refusing a request at XB, in the browser", { timeout: 120_000 }, () => {
  it("the pack's refusal grounds for the kind are offered, each with its title and article", async () => {
    expect(PERSECUTION?.citation).toMatchObject({ article: "40", paragraph: "22" });
    const { page } = xb;
    await page.goto(`/#/requests/${refused.xbId}`);
    const form = await openAction(page, "Refuse");
    const grounds = form.getByRole("group", { name: "Refusal grounds (required)", exact: true });
    await expect(grounds.getByRole("checkbox").count()).resolves.toBe(OFFERED.length);
    for (const ground of OFFERED)
      await expect(
        grounds.getByRole("checkbox", { name: groundLabel(ground), exact: true }).count(),
      ).resolves.toBe(1);
    // Bank secrecy and fiscal matters are listed as what they are, never offered as grounds.
    const notGrounds = GROUNDS.filter((g) => g.notAGround);
    expect(notGrounds.length).toBeGreaterThan(0);
    for (const ground of notGrounds)
      await expect(grounds.textContent()).resolves.toContain(
        `${ground.title.en} (${citationText(ground.citation)})`,
      );
  });

  it("without a prior consultation the form says so; missing grounds or reasons send nothing", async () => {
    const { page } = xb;
    const form = page.getByRole("form", { name: "Refuse", exact: true });
    await expect(form.textContent()).resolves.toContain(
      `The treaty expects consultation first (${citationText(PACK.procedures.consultation)})`,
    );
    await expect(form.getByRole("button", { name: "Consult before refusal" }).count()).resolves.toBe(1);
    const why = form.getByRole("textbox", {
      name: "Why consultation is not appropriate (required)",
      exact: true,
    });
    await expect(why.count()).resolves.toBe(1);
    const before = await detailOn(central, refused.xbId);
    const sentBefore = (await central.expect("GET", `/api/v1/requests/${refused.xbId}/messages`, 200)).sent;

    const confirm = form.getByRole("button", { name: "Confirm", exact: true });
    await confirm.click();
    await expectMissing(form, [MISSING_GROUNDS, MISSING_REASONS, MISSING_CONSULTATION]);
    await expectAccessible(page, "refusal form with what is missing");

    // Grounds and why no consultation, but no reasons: still refused by the form.
    if (!PERSECUTION) throw new Error("the pack has no persecution ground");
    await form.getByRole("checkbox", { name: groundLabel(PERSECUTION), exact: true }).check();
    await why.fill("The request is plainly political.");
    await confirm.click();
    await expectMissing(form, [MISSING_REASONS]);
    // Reasons but no ground.
    await form.getByRole("checkbox", { name: groundLabel(PERSECUTION), exact: true }).uncheck();
    await form.getByRole("textbox", { name: "Reasons (required)", exact: true }).fill(REASONS);
    await confirm.click();
    await expectMissing(form, [MISSING_GROUNDS]);

    expect(xbActions).toEqual([]);
    const after = await detailOn(central, refused.xbId);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ state: "under-review", decisions: [] });
    const sentAfter = (await central.expect("GET", `/api/v1/requests/${refused.xbId}/messages`, 200)).sent;
    expect(sentAfter).toEqual(sentBefore);
  });

  it("'Consult before refusal' opens the consultation, which reaches XA", async () => {
    const { page } = xb;
    await page
      .getByRole("form", { name: "Refuse", exact: true })
      .getByRole("button", { name: "Consult before refusal" })
      .click();
    const form = page.getByRole("form", { name: "Open consultation", exact: true });
    await form.waitFor();
    await expect(page.getByRole("form", { name: "Refuse", exact: true }).count()).resolves.toBe(0);
    await form
      .getByRole("textbox", { name: "Matters for consultation (required)", exact: true })
      .fill(MATTERS);
    await confirmAndAwait(page, form, "Open consultation: the request is now In consultation.");
    expect(xbActions).toEqual(["open-consultation"]);

    const consultation = await eventually("the consultation on XA", async () => {
      const request = await detailOn(ui.api.officer, refused.xaId);
      const received = await receivedOn(ui.api.officer, refused.xaId);
      return request.state === "consultation" ? received.find((m) => m.kind === "consultation") : undefined;
    }, [ui.xa, ui.xb]);
    expect(consultation.body.text).toBe(MATTERS);
  });

  it("once consulted, 'Refuse' with one ground and reasons: XB shows the refusal, ground and article", async () => {
    if (!PERSECUTION) throw new Error("the pack has no persecution ground");
    const { page } = xb;
    const form = await openAction(page, "Refuse");
    await expect(form.textContent()).resolves.toContain(
      "The requesting State has been consulted on this request.",
    );
    await expect(form.getByRole("textbox", { name: /^Why consultation/ }).count()).resolves.toBe(0);
    await form.getByRole("checkbox", { name: groundLabel(PERSECUTION), exact: true }).check();
    await form.getByRole("textbox", { name: "Reasons (required)", exact: true }).fill(REASONS);
    await confirmAndAwait(page, form, "Refuse: the request is now Refused.");
    expect(xbActions).toEqual(["open-consultation", "refuse"]);

    const decision = decisionShown(page, "Refused");
    await decision.waitFor();
    await expect(decision.getByRole("listitem").allTextContents()).resolves.toEqual([
      `${PERSECUTION.title.en} ${citationText(PERSECUTION.citation)}`,
    ]);
    await expect(decision.textContent()).resolves.toContain(REASONS);
    await expect(detailOn(central, refused.xbId)).resolves.toMatchObject({
      state: "refused",
      decisions: [{ outcome: "refused", grounds: ["R-PERSECUTION"], reasons: REASONS }],
    });
  });

  it("XA's case officer sees 'Refused', the ground with its article and the reasons", async () => {
    if (!PERSECUTION) throw new Error("the pack has no persecution ground");
    await eventually("the refusal on XA", async () => {
      const request = await detailOn(ui.api.officer, refused.xaId);
      return request.state === "refused" ? request : undefined;
    }, [ui.xa, ui.xb]);
    const { page } = xa;
    await page.goto(`/#/requests/${refused.xaId}`);
    const decision = decisionShown(page, "Refused");
    await decision.waitFor();
    await expect(decision.textContent()).resolves.toContain("decided by State B (XB)");
    await expect(decision.getByRole("listitem").allTextContents()).resolves.toEqual([
      `${PERSECUTION.title.en} ${citationText(PERSECUTION.citation)}`,
    ]);
    await expect(decision.textContent()).resolves.toContain(REASONS);
    await page
      .getByRole("definition")
      .filter({ hasText: /^Refused$/ })
      .waitFor();
  });
});

describe("asking XA for more information, in the browser", { timeout: 120_000 }, () => {
  it("'Request information' needs the information needed; then XA's request waits for it", async () => {
    const { page } = xb;
    await page.goto(`/#/requests/${questioned.xbId}`);
    const form = await openAction(page, "Request information");
    const needed = form.getByRole("textbox", { name: "Information needed (required)", exact: true });
    await expect(form.textContent()).resolves.toContain(
      `Provision: ${citationText(PACK.procedures.moreInformation)}.`,
    );
    const before = await detailOn(central, questioned.xbId);
    const sent = xbActions.length;
    await form.getByRole("button", { name: "Confirm", exact: true }).click();
    await expectMissing(form, [MISSING_REASONS]);
    await expectAccessible(page, "request-information form with what is missing");
    expect(xbActions.length).toBe(sent);
    await expect(detailOn(central, questioned.xbId)).resolves.toEqual(before);

    await needed.fill(QUESTION);
    await confirmAndAwait(page, form, "Request information: the request is now More information requested.");
    expect(xbActions.slice(sent)).toEqual(["request-information"]);
  });

  it("XA's officer sees 'More information requested' and the question, and provides the information", async () => {
    await eventually("the question on XA", async () => {
      const request = await detailOn(ui.api.officer, questioned.xaId);
      return request.state === "more-info-requested" ? request : undefined;
    }, [ui.xa, ui.xb]);
    const { page } = xa;
    await page.goto(`/#/requests/${questioned.xaId}`);
    await page
      .getByRole("definition")
      .filter({ hasText: /^More information requested$/ })
      .waitFor();
    const question = page
      .getByRole("region", { name: "Timeline", exact: true })
      .getByRole("listitem")
      .filter({ hasText: "Received from State B (XB): Request for more information" });
    await expect(question.textContent()).resolves.toContain(QUESTION);

    const form = await openAction(page, "Provide information");
    await form.getByRole("textbox", { name: "Information provided (required)", exact: true }).fill(ANSWER);
    await confirmAndAwait(page, form, "Provide information: the request is now Under review.");
    await expect(detailOn(ui.api.officer, questioned.xaId)).resolves.toMatchObject({ state: "under-review" });
  });

  it("XB sees the information in the request's timeline, back under review", async () => {
    await eventually("the information on XB", async () => {
      const request = await detailOn(central, questioned.xbId);
      return request.state === "under-review" && request.history.at(-1)?.action === "record-information"
        ? request
        : undefined;
    }, [ui.xa, ui.xb]);
    const { page } = xb;
    await page.reload();
    const answer = page
      .getByRole("region", { name: "Timeline", exact: true })
      .getByRole("listitem")
      .filter({ hasText: "Received from State A (XA): Information provided" });
    await answer.waitFor();
    await expect(answer.textContent()).resolves.toContain(ANSWER);
    await page
      .getByRole("definition")
      .filter({ hasText: /^Under review$/ })
      .waitFor();
  });
});

describe("every browser of this file", () => {
  it("saw no page error and no Content-Security-Policy refusal", () => {
    expect(ui.problems()).toEqual([]);
  });
});
