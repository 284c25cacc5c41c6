/**
 * Steps the browser tests repeat, written with the accessible names of the UI's labels contract
 * (docs/web-ui.md): open a screen from the navigation, perform one of a request's actions through
 * its inline form, wait for something another node sends, and measure where text sits on screen.
 */
import type { Locator, Page } from "playwright-core";

/** Clicks the navigation link named `label` and waits for the address to change to `hash`. */
export async function openFromNav(page: Page, label: string, hash: string): Promise<void> {
  await page.getByRole("navigation").getByRole("link", { name: label, exact: true }).click();
  await page.waitForURL((url) => url.hash === hash);
}

/**
 * Presses the action button `label` on the request page, lets `fill` complete the inline form
 * headed by that label, confirms, and waits for the announcement of `newState` (role=status).
 */
export async function performAction(
  page: Page,
  label: string,
  newState: string,
  fill: (form: Locator) => Promise<void> = async () => {},
): Promise<void> {
  await page.getByRole("button", { name: label, exact: true }).click();
  const form = page.getByRole("form", { name: label, exact: true });
  await fill(form);
  await form.getByRole("button", { name: "Confirm", exact: true }).click();
  await page.getByRole("status").filter({ hasText: newState }).first().waitFor();
}

/**
 * Reloads `page` until `locator` shows: for what another node sends, which no screen polls for.
 * A limit, not a timed assertion: delivery between the test nodes takes well under a second.
 */
export async function reloadUntilVisible(page: Page, locator: Locator, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      await locator.first().waitFor({ state: "visible", timeout: 2_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.reload();
    }
  }
}

/**
 * The page's globals as the tests read them inside `page.evaluate`: the Node project compiles
 * without the DOM library, so callbacks cast `globalThis` to this (a cast, not a value: evaluated
 * functions are sent to the page as text and cannot close over this module).
 */
export type InPage = {
  document: {
    documentElement: { lang: string; dir: string };
    activeElement: { id: string; tagName: string; textContent: string | null } | null;
    body: { tabIndex: number; focus(): void; removeAttribute(name: string): void };
  };
  notReloaded?: boolean;
};

export type Box = { left: number; right: number; top: number; bottom: number };

/** Where an element sits in the viewport. */
export async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error(`${locator} is not displayed`);
  return { left: box.x, right: box.x + box.width, top: box.y, bottom: box.y + box.height };
}

/**
 * Where the words of a label are drawn (not its box, which may span the line): the union of its
 * text nodes' rectangles, leaving out any control nested inside the label.
 */
export async function textBoxOf(label: Locator): Promise<Box> {
  return label.evaluate((element) => {
    const document = element.ownerDocument;
    const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT
    const walker = document.createTreeWalker(element, SHOW_TEXT);
    const box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (node.parentElement?.closest("select, input, textarea, option") || !node.textContent?.trim())
        continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        box.left = Math.min(box.left, rect.left);
        box.right = Math.max(box.right, rect.right);
        box.top = Math.min(box.top, rect.top);
        box.bottom = Math.max(box.bottom, rect.bottom);
      }
    }
    return box;
  });
}
