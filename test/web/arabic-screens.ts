/**
 * The journey's main screens in Arabic, registered by journey.test.ts on its two nodes: the page
 * turns right to left (`<html dir="rtl" lang="ar">`), the navigation runs from the right, the
 * wizard's labels sit at the right of their fields, the words are Arabic (the declarations heading
 * names "الدولة باء"), dates are written the Arabic way (day, month, year, with Arabic marks: this
 * Chromium's Arabic uses Western digits), countdowns are Arabic words, and switching the language
 * on a screen re-renders it in place, without a reload. Controls are found by their Arabic labels, read
 * from the catalogues, so a screen that kept an English word would fail here.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { CATALOGUES } from "../../src/web/i18n/messages/index.js";
import { type BrowserSession, expectAccessible, screenshot } from "../support/browser.js";
import { REPO } from "../support/run-cli.js";
import { grantedPreservation, type UiFederation } from "./ui-federation.js";
import { boxOf, type InPage, openFromNav, textBoxOf } from "./ui-steps.js";

const REFERENCE = "XA-WEB-AR-1/P";
const CONDITION = { type: "use-limitation", text: "لا تُستخدم إلا في الإجراءات المتعلقة بهذه القضية." };
const STATE_B = "الدولة باء";
const PACK = JSON.parse(readFileSync(join(REPO, "packs", "uncc-2024.json"), "utf8"));
/** The pack's own Arabic title of the kind, as the wizard offers it. */
/** XB's reservation, in the Arabic of its declarations file. */
const PACK_RESERVATION_AR: string = JSON.parse(
  readFileSync(join(REPO, "packs", "declarations", "XB", "uncc-2024.json"), "utf8"),
).reservations[0].text.ar;
const KIND_AR: string = PACK.kinds.find((k: { id: string }) => k.id === "preservation").title.ar;
const ar = { ...CATALOGUES.common.ar } as Record<string, string>;

/** The Arabic text of an English-contract label, found through the catalogues. */
const arabic = (key: string): string => {
  for (const catalogue of Object.values(CATALOGUES)) {
    const text = (catalogue.ar as Record<string, string>)[key];
    if (text !== undefined) return text;
  }
  throw new Error(`no message ${key}`);
};

const expectRightToLeft = async (page: Page) => {
  await expect(
    page.evaluate(() => {
      const { documentElement } = (globalThis as unknown as InPage).document;
      return [documentElement.lang, documentElement.dir];
    }),
  ).resolves.toEqual(["ar", "rtl"]);
};

/**
 * Every visible labelled field of the screen: the label's words sit at the right of the field, or
 * above it ending at its right edge; a checkbox or radio button is at the right of its words.
 */
async function expectLabelsAtTheRight(page: Page): Promise<void> {
  const labels = await page.locator("main label[for]").all();
  let checked = 0;
  for (const label of labels) {
    const control = page.locator(`[id="${await label.getAttribute("for")}"]`);
    if (!(await label.isVisible()) || !(await control.isVisible())) continue;
    const [text, field] = [await textBoxOf(label), await boxOf(control)];
    const type = await control.getAttribute("type");
    const where = `${await label.textContent()}: words ${JSON.stringify(text)}, field ${JSON.stringify(field)}`;
    if (type === "checkbox" || type === "radio")
      expect(field.left, where).toBeGreaterThanOrEqual(text.right - 1);
    else {
      const rightOfField = text.left >= field.right - 1;
      const aboveAlignedRight = text.bottom <= field.top + 1 && Math.abs(text.right - field.right) <= 4;
      expect(rightOfField || aboveAlignedRight, where).toBe(true);
    }
    checked++;
  }
  expect(checked).toBeGreaterThan(10);
}

export function describeArabicScreens(ui: () => UiFederation): void {
  describe("the same screens in Arabic, right to left", { timeout: 120_000 }, () => {
    let ids: { xaId: string; xbId: string };
    let officer: BrowserSession;

    beforeAll(async () => {
      ids = await grantedPreservation(ui(), REFERENCE, CONDITION);
    }, 120_000);

    it("a browser that prefers Arabic gets the sign-in page in Arabic, right to left", async () => {
      const { page } = await ui().browse(ui().xa, undefined, { locale: "ar" });
      await page.getByRole("button", { name: arabic("session.signIn") }).waitFor();
      await expectRightToLeft(page);
      await expectAccessible(page, "sign-in in Arabic");
      await screenshot(page, "sign-in-ar");
    });

    it("switching to Arabic on a screen re-renders it in place: no reload, the navigation from the right", async () => {
      officer = await ui().browse(ui().xa, ui().logins.officer);
      const { page } = officer;
      await openFromNav(page, "New request", "#/requests/new");
      await page.evaluate(() => {
        (globalThis as unknown as InPage).notReloaded = true;
      });
      await page.getByLabel("Language").selectOption("ar");
      await expectRightToLeft(page);
      await expect(page.evaluate(() => (globalThis as unknown as InPage).notReloaded === true)).resolves.toBe(
        true,
      );
      const links = page.getByRole("navigation").getByRole("link");
      await expect(links.first().textContent()).resolves.toBe(ar["nav.home"]);
      const [first, second] = [await boxOf(links.nth(0)), await boxOf(links.nth(1))];
      expect(first.left).toBeGreaterThan(second.right - 1);
    });

    it("the wizard in Arabic: XB's declarations under an Arabic heading, labels at the right of their fields", async () => {
      const { page } = officer;
      await page.getByLabel(arabic("requests.setup.requestedState")).selectOption({ label: STATE_B });
      await page.getByLabel(arabic("requests.setup.kind")).selectOption({ label: KIND_AR });
      // "إعلانات الدولة باء": the heading of the contract's "Declarations of State B", in Arabic.
      const heading = arabic("requests.declarations.title").replace("{state}", STATE_B);
      const declarations = page.getByRole("region", { name: heading, exact: true });
      await declarations.waitFor();
      await expect(declarations.textContent()).resolves.toContain(PACK_RESERVATION_AR);
      await expectLabelsAtTheRight(page);
      await expectAccessible(page, "wizard in Arabic");
      // The declarations at the top of the picture: what the officer reads before writing.
      await declarations.evaluate((element) => element.scrollIntoView({ block: "start" }));
      await screenshot(page, "wizard-ar");
    });

    it("the request in Arabic: the decision's state in Arabic, dates written the Arabic way", async () => {
      const { page } = officer;
      await page.goto(`/#/requests/${ids.xaId}`);
      await page
        .getByText(ar["state.granted-with-conditions"] ?? "")
        .first()
        .waitFor();
      await expectRightToLeft(page);
      await expect(page.getByText(CONDITION.text).count()).resolves.toBeGreaterThan(0);
      // The preservation's expiry, as this browser writes a date and time in Arabic (not in English).
      const request = await ui().api.officer.expect("GET", `/api/v1/requests/${ids.xaId}`, 200);
      const dueAt = String(request.deadlines[0]?.dueAt);
      const [arabicDate, englishDate] = await page.evaluate(
        (iso) =>
          ["ar", "en"].map((language) =>
            new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(
              new Date(iso),
            ),
          ),
        dueAt,
      );
      expect(arabicDate).not.toBe(englishDate);
      const main = await page.locator("main").textContent();
      expect(main).toContain(arabicDate);
      expect(main).not.toContain(englishDate);
      await expectAccessible(page, "request in Arabic");
      await screenshot(page, "request-decision-ar");
    });

    it("XB's urgent queue in Arabic: the countdown in Arabic words", async () => {
      const { page } = await ui().browse(ui().xb, ui().logins.duty);
      await page.getByLabel("Language").selectOption("ar");
      await expectRightToLeft(page);
      await page.goto("/#/urgent");
      const link = page.getByRole("link", { name: REFERENCE, exact: true });
      await link.waitFor();
      const countdown = page.getByRole("row").filter({ has: link }).locator("time.countdown").first();
      // "خلال 89 يومًا": "in … days" in Arabic, whatever digits the browser's Arabic uses.
      await expect(countdown.textContent()).resolves.toMatch(/^خلال .*[\u0600-\u06ff]/);
      await expectAccessible(page, "urgent queue in Arabic");
      await screenshot(page, "urgent-queue-ar");
    });
  });
}
