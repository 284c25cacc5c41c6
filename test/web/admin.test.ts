/**
 * The administrator's users screen and the auditor's ledger screen in a real browser, against one
 * real node process (XA) and one browser. The administrator creates an account and is shown its
 * one-time password once, which then signs the person in; disabling an account asks first, and a
 * disabled person's session ends and they cannot sign in again. The auditor sees the latest signed
 * tree head as the node serves it, signs a new one, and reads an entry's inclusion proof, which the
 * test checks itself (RFC 9162) against the signed head.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entryLeafHash, parseEntry } from "../../src/ledger/entry.js";
import { verifyInclusion } from "../../src/ledger/verify-proof.js";
import { fromHex, toHex } from "../../src/store/ledger-store.js";
import { type BrowserSession, expectAccessible, openBrowser, signInThroughUi } from "../support/browser.js";
import { type HttpClient, httpCall, signIn } from "../support/http-client.js";
import { type Federation, type NodeProcess, startFederation } from "../support/node-process.js";
import { openFromNav } from "./ui-steps.js";

const NEW_USER = {
  username: "j.okafor",
  displayName: "Janet Okafor",
  role: "Executing officer",
  unit: "cyber",
};

type TreeHead = { logId: string; size: number; timestamp: number; root: string; signature: string };

let root: string;
let nodes: Federation;
let xa: NodeProcess;
let adminApi: HttpClient;
let auditorApi: HttpClient;
let browser: BrowserSession;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rogatory-web-admin-"));
  nodes = await startFederation(root, ["XA"], { users: [{ role: "auditor" }] });
  xa = nodes.get("XA");
  adminApi = await xa.signInAdmin();
  auditorApi = await xa.signIn("auditor");
  browser = await openBrowser(xa.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await nodes?.killAll();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The `<dt>` → `<dd>` pairs of a description list inside `scope`, as their texts. */
async function factsOf(scope: Locator): Promise<Map<string, string>> {
  const terms = await scope.getByRole("term").allTextContents();
  const definitions = await scope.getByRole("definition").allTextContents();
  expect(definitions).toHaveLength(terms.length);
  return new Map(terms.map((term, i) => [term, definitions[i] ?? ""]));
}

const usersNow = async () =>
  (
    (await adminApi.expect("GET", "/api/v1/users", 200)) as {
      users: { username: string; disabled: boolean }[];
    }
  ).users;

const signInStatus = async (username: string, password: string) =>
  (await httpCall(xa.url, "POST", "/api/v1/session", { body: { username, password } })).status;

describe("the administrator's users screen", { timeout: 90_000 }, () => {
  let oneTimePassword: string;
  let newUserApi: HttpClient;

  it("creates a user in the browser; the one-time password is shown once, and signs the person in", async () => {
    const { page } = browser;
    await signInThroughUi(page, { username: "admin", password: xa.adminPassword });
    await openFromNav(page, "Users", "#/admin/users");
    const form = page.getByRole("form", { name: "Create a user" });
    await form.getByLabel("Username").fill(NEW_USER.username);
    await form.getByLabel("Display name").fill(NEW_USER.displayName);
    await form.getByLabel("Role").selectOption({ label: NEW_USER.role });
    await form.getByLabel("Unit").fill(NEW_USER.unit);
    await expect(
      form.getByRole("radio", { name: "Let the node generate a one-time password" }).isChecked(),
    ).resolves.toBe(true);
    await form.getByRole("button", { name: "Create user" }).click();

    const shown = page.getByRole("region", { name: `One-time password for ${NEW_USER.username}` });
    await shown.waitFor();
    await expect(shown.textContent()).resolves.toContain("This password is shown only once.");
    oneTimePassword = (await shown.locator("code").textContent()) ?? "";
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);
    await page
      .getByRole("status")
      .filter({ hasText: `User ${NEW_USER.username} created.` })
      .waitFor();
    const row = userRow(page, NEW_USER.username);
    await expect(row.getByRole("cell").allTextContents()).resolves.toEqual(
      expect.arrayContaining([NEW_USER.displayName, NEW_USER.role, NEW_USER.unit, "Active"]),
    );
    await expectAccessible(page, "users, one-time password shown");

    // The password the screen showed is the person's: they sign in with it, as who was created.
    newUserApi = await signIn(xa.url, NEW_USER.username, oneTimePassword);
    const session = await newUserApi.expect("GET", "/api/v1/session", 200);
    expect(session.user).toMatchObject({
      username: NEW_USER.username,
      role: "executing-officer",
      unit: NEW_USER.unit,
    });
  });

  it("hidden once handed over, the password is nowhere on the screen again, even after a reload", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "I have handed it over: hide the password" }).click();
    const shown = page.getByRole("region", { name: `One-time password for ${NEW_USER.username}` });
    await shown.waitFor({ state: "detached" });
    await expect(page.locator("body").textContent()).resolves.not.toContain(oneTimePassword);
    await page.reload();
    await userRow(page, NEW_USER.username).waitFor();
    await expect(page.locator("body").textContent()).resolves.not.toContain(oneTimePassword);
    expect(JSON.stringify(await usersNow())).not.toContain(oneTimePassword);
  });

  it("disabling asks first (cancel changes nothing); confirmed, the session ends and sign-in is refused", async () => {
    const { page } = browser;
    const row = userRow(page, NEW_USER.username);
    const disable = page.getByRole("button", { name: `Disable ${NEW_USER.username}`, exact: true });
    const question = page.getByRole("group", {
      name: /^Disable the account of Janet Okafor \(j\.okafor\)\?/,
    });

    await disable.click();
    await question.waitFor();
    await question.getByRole("button", { name: "Cancel" }).click();
    await question.waitFor({ state: "detached" });
    expect((await usersNow()).find((u) => u.username === NEW_USER.username)?.disabled).toBe(false);
    await newUserApi.expect("GET", "/api/v1/session", 200);

    await disable.click();
    await expectAccessible(page, "users, disabling asks for confirmation");
    await question.getByRole("button", { name: "Disable account" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `The account of ${NEW_USER.username} is disabled.` })
      .waitFor();
    await expect.poll(() => row.getByRole("cell").allTextContents()).toContain("Disabled");
    await page.getByRole("button", { name: `Enable ${NEW_USER.username}`, exact: true }).waitFor();

    expect((await usersNow()).find((u) => u.username === NEW_USER.username)?.disabled).toBe(true);
    expect((await newUserApi.get("/api/v1/session")).status).toBe(401);
    await expect(signInStatus(NEW_USER.username, oneTimePassword)).resolves.toBe(401);
  });
});

describe("the auditor's ledger screen", { timeout: 90_000 }, () => {
  let shownHead: TreeHead;

  it("shows the latest signed tree head as the node serves it", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Sign out" }).click();
    const auditor = xa.users.get("auditor");
    if (!auditor) throw new Error("no auditor");
    await signInThroughUi(page, { username: auditor.username, password: auditor.password });
    await openFromNav(page, "Ledger", "#/ledger");
    const panel = page.getByRole("region", { name: "Latest signed tree head" });
    await panel.getByRole("term").first().waitFor();
    shownHead = (await auditorApi.expect("GET", "/api/v1/ledger/head", 200)) as TreeHead;
    await expectHeadShown(panel, shownHead);
    await expectAccessible(page, "ledger");
  });

  it("'Sign tree head now' signs a new head covering the entries since; its size is the node's head", async () => {
    const { page } = browser;
    // Something happens after the head was signed: the administrator enables the account again.
    const id = await userIdOf(NEW_USER.username);
    await adminApi.expect("PATCH", `/api/v1/users/${id}`, 200, { disabled: false });

    const panel = page.getByRole("region", { name: "Latest signed tree head" });
    await panel.getByRole("button", { name: "Sign tree head now" }).click();
    const announced = panel.getByRole("status").filter({ hasText: /^Tree head signed; ledger size / });
    await announced.waitFor();
    const head = (await auditorApi.expect("GET", "/api/v1/ledger/head", 200)) as TreeHead;
    expect(head.size).toBeGreaterThan(shownHead.size);
    await expect(announced.textContent()).resolves.toBe(
      `Tree head signed; ledger size ${head.size.toLocaleString("en-US")}.`,
    );
    await expect
      .poll(async () => (await factsOf(panel)).get("Size (entries)"))
      .toBe(head.size.toLocaleString("en-US"));
    await expectHeadShown(panel, head);
    // The new head covers the whole ledger, and the screen says so.
    await expect(
      auditorApi.expect("GET", `/api/v1/ledger/entries?from=${head.size}&limit=1`, 200),
    ).resolves.toEqual([]);
    await panel.getByText("This head covers every entry of the ledger.").waitFor();
    shownHead = head;
  });

  it("an entry's inclusion proof is shown verified against the signed head, and is a valid proof", async () => {
    const { page } = browser;
    const entries = (await auditorApi.expect("GET", `/api/v1/ledger/entries?from=0&limit=1000`, 200)) as {
      index: number;
      type: string;
    }[];
    const disabled = entries.find((e) => e.type === "user.disabled");
    if (!disabled) throw new Error("no user.disabled entry in the ledger");
    const { index } = disabled;

    await page
      .getByRole("button", { name: `Inclusion proof of entry ${index.toLocaleString("en-US")}`, exact: true })
      .click();
    const proof = page.getByRole("row").filter({
      hasText: `Computed by this node: entry ${index.toLocaleString("en-US")} is included in its ledger at size ${shownHead.size.toLocaleString("en-US")}.`,
    });
    await proof.waitFor();
    await expect(proof.textContent()).resolves.toContain(
      `This root is the root of the latest signed tree head (size ${shownHead.size.toLocaleString("en-US")}): the entry is part of what the node signed.`,
    );
    const facts = await factsOf(proof);
    const leaf = facts.get("Leaf hash") ?? "";
    expect(facts.get("Root hash")).toBe(shownHead.root);
    await proof.getByText(/^Proof hashes \(\d+\)$/).click();
    const hashes = await proof.getByRole("listitem").allTextContents();
    expect(hashes.length).toBeGreaterThan(0);

    // The test's own check: the entry as the node lists it hashes to the leaf shown, and the hashes
    // shown lead from that leaf to the root of the signed head.
    expect(leaf).toBe(toHex(entryLeafHash(parseEntry(disabled))));
    const valid = verifyInclusion(
      index,
      shownHead.size,
      fromHex(leaf),
      hashes.map(fromHex),
      fromHex(shownHead.root),
    );
    expect(valid).toBe(true);
    // …and the check itself is not lenient: one bit changed in the first hash shown breaks it.
    const tampered = hashes.map(fromHex);
    tampered[0]?.set([(tampered[0][0] ?? 0) ^ 1], 0);
    expect(verifyInclusion(index, shownHead.size, fromHex(leaf), tampered, fromHex(shownHead.root))).toBe(
      false,
    );
    await expectAccessible(page, "ledger, inclusion proof shown");
  });
});

describe("the browser of this file", () => {
  it("saw no page error and no Content-Security-Policy refusal", () => {
    expect(browser.problems()).toEqual([]);
  });
});

/** A user's row in the users table, by username (its row header). */
const userRow = (page: Page, username: string): Locator =>
  page
    .getByRole("table", { name: /^Users of this node/ })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: username, exact: true }) });

async function userIdOf(username: string): Promise<string> {
  const users = (await adminApi.expect("GET", "/api/v1/users", 200)).users as {
    id: string;
    username: string;
  }[];
  const found = users.find((u) => u.username === username);
  if (!found) throw new Error(`no user ${username}`);
  return found.id;
}

/** The tree-head panel shows `head`'s log, size and root. */
async function expectHeadShown(panel: Locator, head: TreeHead): Promise<void> {
  const facts = await factsOf(panel);
  expect(facts.get("Log identifier")).toBe(head.logId);
  expect(facts.get("Size (entries)")).toBe(head.size.toLocaleString("en-US"));
  expect(facts.get("Root hash")).toBe(head.root);
  await expect(panel.locator("time").getAttribute("datetime")).resolves.toBe(
    new Date(head.timestamp).toISOString(),
  );
}
