/**
 * The evidence screens in a real browser against two real node processes (XA and XB, as in
 * journey.test.ts). The request is brought to where evidence can be taken in through the API (a
 * preservation request from XA, granted by XB with a use limitation); what is under test is done in
 * the browser: XB's executing officer uploads a file of a few MiB (several 1 MiB chunks, the last
 * one short) and sees it sealed with the file's own SHA-256 and its custody; a supervisor of XB,
 * not the uploader, reviews and releases it; XA's case officer sees it verified, opens it for the
 * stated proceedings and gets the very bytes, and is refused, with the decision's use limitation
 * quoted, when asking to open it for other proceedings, which records nothing.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSession, expectAccessible, signInThroughUi, type UiLogin } from "../support/browser.js";
import type { HttpClient } from "../support/http-client.js";
import { eventually } from "../support/node-process.js";
import { grantedPreservation, startUiFederation, type UiFederation } from "./ui-federation.js";

const CHUNK = 1024 * 1024;
/** Three full chunks and a short fourth: the upload and the read-back cross chunk boundaries. */
const FILE_SIZE = 3 * CHUNK + 123_457;
const FILE_NAME = "mailbox-export.bin";
const CONDITION = "Only for the proceedings in case XA-EVID-1; not for any other proceedings.";

type CustodyEvent = { event: string; actor: string; at: string; purpose: string | null; ledgerIndex: number };
type Item = {
  id: string;
  state: string;
  fileName: string;
  size: number | null;
  sha256: string | null;
  custody: CustodyEvent[];
};

let ui: UiFederation;
let dir: string;
let file: string;
let bytes: Buffer;
let sha256: string;
let ids: { xaId: string; xbId: string };
let xbBrowser: BrowserSession;
let executing: UiLogin;
let xbSupervisor: UiLogin;
let executingApi: HttpClient;

beforeAll(async () => {
  ui = await startUiFederation();
  // An urgent request is filed in XB's 24/7 unit: its executing officer and supervisor work there.
  const [officer, supervisor] = await ui.xb.createUsers([
    { role: "executing-officer", unit: "24-7" },
    { role: "supervisor", unit: "24-7", username: "xb-supervisor" },
  ]);
  if (!officer || !supervisor) throw new Error("XB's users were not created");
  executing = { username: officer.username, password: officer.password };
  xbSupervisor = { username: supervisor.username, password: supervisor.password };
  executingApi = await ui.xb.signIn(officer.username);
  ids = await grantedPreservation(ui, "XA-EVID-1", { type: "use-limitation", text: CONDITION });
  dir = mkdtempSync(join(tmpdir(), "rogatory-web-evidence-"));
  bytes = randomBytes(FILE_SIZE);
  file = join(dir, FILE_NAME);
  writeFileSync(file, bytes);
  sha256 = createHash("sha256").update(bytes).digest("hex");
}, 240_000);

afterAll(async () => {
  await ui?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The request page's "Evidence" section. */
const evidenceOf = (page: Page) => page.getByRole("region", { name: "Evidence", exact: true });

/** The item's row in the evidence table (not the custody or form rows below it). */
const itemRow = (page: Page): Locator =>
  evidenceOf(page)
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: FILE_NAME }) });

/** Cells of an item row, after its row header: size, SHA-256, status, verification, actions. */
const cell = (row: Locator, column: "size" | "sha256" | "status" | "verification") =>
  row.getByRole("cell").nth(["size", "sha256", "status", "verification"].indexOf(column));

/** Opens the row's SHA-256 (the table shows its start) and waits for the file's own, in full. */
async function expectFullSha256(row: Locator): Promise<void> {
  const hash = cell(row, "sha256");
  await expect(hash.getByText("show the full SHA-256").count()).resolves.toBe(1);
  await hash.locator("summary").click();
  await hash.getByText(sha256, { exact: true }).waitFor({ state: "visible" });
}

const itemsOn = async (client: HttpClient, requestId: string): Promise<Item[]> =>
  client.expect("GET", `/api/v1/requests/${requestId}/evidence`, 200);

describe("evidence from XB to XA, through the browser", { timeout: 120_000 }, () => {
  it("XB's executing officer uploads a file of several chunks; the progress reaches the end", async () => {
    xbBrowser = await ui.browse(ui.xb, executing);
    const { page } = xbBrowser;
    await page.goto(`/#/requests/${ids.xbId}`);
    const evidence = evidenceOf(page);
    await evidence.getByText("No evidence has been taken in or received for this request yet.").waitFor();

    await evidence.getByLabel("File to upload").setInputFiles(file);
    await evidence.getByLabel("Source name").fill("ExampleMail Ltd");
    await evidence.getByLabel("Acquisition method").fill("Production order served on the provider");
    await evidence.getByRole("button", { name: "Upload", exact: true }).click();

    const progress = evidence.getByRole("progressbar", { name: "Upload progress" });
    // A limit, not a timed assertion: sealing a few MiB takes seconds on a loaded machine.
    await evidence.getByRole("status").filter({ hasText: "Upload complete." }).waitFor({ timeout: 90_000 });
    await expect(progress.evaluate((bar) => [bar.value, bar.max])).resolves.toEqual([1, 1]);
    await expect(
      evidence.getByRole("status").filter({ hasText: "Upload complete." }).textContent(),
    ).resolves.toContain(`${FILE_NAME} was uploaded and sealed. SHA-256: ${sha256}`);

    const [item] = await itemsOn(executingApi, ids.xbId);
    expect(item).toMatchObject({ fileName: FILE_NAME, state: "sealed", sha256, size: FILE_SIZE });
  });

  it("the row shows the item sealed, the file's SHA-256 and its exact size; no review for the uploader", async () => {
    const row = itemRow(xbBrowser.page);
    await row.waitFor();
    await expect(cell(row, "status").textContent()).resolves.toBe("Sealed");
    await expect(cell(row, "size").getAttribute("title")).resolves.toBe(
      `${FILE_SIZE.toLocaleString("en-US")} bytes`,
    );
    await expectFullSha256(row);
    // Four eyes: the person who took the item in is not offered its review.
    await expect(row.getByRole("button", { name: "Review", exact: true }).count()).resolves.toBe(0);
  });

  it("'Custody' shows the acquisition and the sealing, each with its ledger entry", async () => {
    const { page } = xbBrowser;
    await itemRow(page).getByRole("button", { name: "Custody", exact: true }).click();
    const custody = page.getByRole("region", { name: `Custody of ${FILE_NAME}` });
    const events = custody.getByRole("listitem");
    await expect(events.locator("strong").allTextContents()).resolves.toEqual(["Acquired", "Sealed"]);
    const [item] = await itemsOn(executingApi, ids.xbId);
    const recorded = item?.custody ?? [];
    expect(recorded.map((e) => e.event)).toEqual(["acquired", "sealed"]);
    for (const [n, event] of recorded.entries()) {
      await expect(events.nth(n).textContent()).resolves.toContain(
        `entry ${event.ledgerIndex} in the ledger of XB`,
      );
      await expect(events.nth(n).locator("time").getAttribute("datetime")).resolves.toBe(event.at);
    }
    await expectAccessible(page, "evidence section, item sealed, custody shown");
  });

  it("a supervisor of XB, not the uploader, reviews and releases it to XA", async () => {
    const { page } = xbBrowser;
    await page.getByRole("button", { name: "Sign out" }).click();
    await signInThroughUi(page, xbSupervisor);
    await page.goto(`/#/requests/${ids.xbId}`);
    const row = itemRow(page);
    await row.getByRole("button", { name: "Review", exact: true }).click();
    const review = page.getByRole("form", { name: `Review ${FILE_NAME}` });
    await review.getByLabel("Review note (optional)").fill("Hash checked against the provider's letter.");
    await review.getByRole("button", { name: "Record review" }).click();
    await evidenceOf(page)
      .getByRole("status")
      .filter({ hasText: `${FILE_NAME} was reviewed.` })
      .waitFor();
    await expect.poll(() => cell(row, "status").textContent()).toBe("Reviewed");

    await row.getByRole("button", { name: "Release", exact: true }).click();
    const release = page.getByRole("form", { name: `Release ${FILE_NAME}` });
    await expect(release.textContent()).resolves.toContain("This cannot be undone.");
    await release.getByRole("button", { name: "Confirm release" }).click();
    await evidenceOf(page)
      .getByRole("status")
      .filter({ hasText: `${FILE_NAME} was released and transmitted to XA.` })
      .waitFor();
    await expect.poll(() => cell(row, "status").textContent()).toBe("Transmitted");
    const [item] = await itemsOn(executingApi, ids.xbId);
    expect(item?.custody.map((e) => e.event)).toEqual([
      "acquired",
      "sealed",
      "reviewed",
      "released",
      "transmitted",
    ]);
  });

  describe("XA's case officer", () => {
    let officer: BrowserSession;
    let downloads = 0;

    it("sees the item 'Verified' once it has arrived", async () => {
      await eventually(
        `${FILE_NAME} received and verified on XA`,
        async () => (await itemsOn(ui.api.officer, ids.xaId)).find((i) => i.state === "received"),
        [ui.xa, ui.xb],
      );
      officer = await ui.browse(ui.xa, ui.logins.officer);
      const { page } = officer;
      page.on("download", () => downloads++);
      await page.goto(`/#/requests/${ids.xaId}`);
      const row = itemRow(page);
      await row.waitFor();
      await expect(cell(row, "verification").textContent()).resolves.toMatch(/^(✓ )?Verified$/);
      await expect(cell(row, "status").textContent()).resolves.toBe("Received");
      await expectFullSha256(row);
    });

    it("opens it for these proceedings with a stated purpose: the download is the very file", async () => {
      const { page } = officer;
      const purpose = "Analysis of the mailbox for case XA-EVID-1";
      await itemRow(page).getByRole("button", { name: "Open", exact: true }).click();
      const form = page.getByRole("form", { name: `Open ${FILE_NAME}` });
      await form.getByLabel("Purpose").fill(purpose);
      await expect(form.getByRole("radio", { name: "These proceedings" }).isChecked()).resolves.toBe(true);
      const downloaded = page.waitForEvent("download");
      await form.getByRole("button", { name: "Open and download" }).click();
      const download = await downloaded;
      expect(download.suggestedFilename()).toBe(FILE_NAME);
      const saved = readFileSync(await download.path());
      expect(saved.length).toBe(FILE_SIZE);
      expect(saved.equals(bytes)).toBe(true);
      await evidenceOf(page)
        .getByRole("status")
        .filter({ hasText: `${FILE_NAME} was opened` })
        .waitFor();

      const [item] = await itemsOn(ui.api.officer, ids.xaId);
      expect(item?.custody.at(-1)).toMatchObject({
        event: "opened",
        purpose: `stated-proceedings: ${purpose}`,
      });
    });

    it("for other proceedings without consent: the node's refusal quotes the use limitation; nothing recorded", async () => {
      const { page } = officer;
      const before = await itemsOn(ui.api.officer, ids.xaId);
      await itemRow(page).getByRole("button", { name: "Open", exact: true }).click();
      const form = page.getByRole("form", { name: `Open ${FILE_NAME}` });
      await form.getByLabel("Purpose").fill("Prosecution of a related fraud, case XA-EVID-2");
      await form.getByRole("radio", { name: "Other proceedings" }).check();
      await form.getByRole("button", { name: "Open and download" }).click();
      const refusal = form.getByRole("alert");
      await refusal.filter({ hasText: "Use refused:" }).waitFor();
      await expect(refusal.textContent()).resolves.toContain(CONDITION);
      // The form stays, with what was typed, for the officer to change or cancel.
      await expect(form.getByLabel("Purpose").inputValue()).resolves.toBe(
        "Prosecution of a related fraud, case XA-EVID-2",
      );
      expect(await itemsOn(ui.api.officer, ids.xaId)).toEqual(before);
      expect(downloads).toBe(1);

      await itemRow(page).getByRole("button", { name: "Custody", exact: true }).click();
      const custody = page.getByRole("region", { name: `Custody of ${FILE_NAME}` });
      const events = await custody.getByRole("listitem").locator("strong").allTextContents();
      // XB's record before the hand-over, then XA's own; one opening only.
      expect(events.slice(0, 4)).toEqual(["Acquired", "Sealed", "Reviewed", "Released"]);
      expect(events.filter((e) => e === "Opened")).toHaveLength(1);
      expect(events).toContain("Verified against the signed manifest");
      await expectAccessible(page, "evidence section, opening refused");
    });
  });
});

describe("every browser of this file", () => {
  it("saw no page error and no Content-Security-Policy refusal", () => {
    expect(ui.problems()).toEqual([]);
  });
});
