/**
 * A real browser for the web UI's tests: Debian's Chromium driven by playwright-core, each person
 * in a fresh profile (their own cookies and language choice), pages of one fixed size so screenshots
 * compare. Helpers sign in through the sign-in page as a person would (with the code an
 * authenticator app would show), check a screen with axe-core, and take screenshots.
 *
 *   const officer = await openBrowser(xa.url);
 *   await signInThroughUi(officer.page, { username: "case-officer", password });
 *   await expectAccessible(officer.page, "wizard");
 *   await screenshot(officer.page, "wizard-finding");
 *   await officer.close();
 *
 * Chromium comes from the system (`apt-get install chromium`; `.ci/run` installs it), never from
 * `npx playwright install`. Without it every browser test fails, saying how to install it: a UI
 * that was never looked at is not a passing UI.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import axe from "axe-core";
import { Secret, TOTP } from "otpauth";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import type { HttpClient } from "./http-client.js";
import { REPO } from "./run-cli.js";

export const VIEWPORT = { width: 1280, height: 800 } as const;

/** Where Chromium is: `CHROMIUM_PATH`, else Debian's. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path))
    throw new Error(
      `Chromium is not installed at ${path}. Install it with \`apt-get install chromium\` ` +
        "(Debian/Ubuntu; .ci/run does this), or set CHROMIUM_PATH to a Chromium binary. " +
        "Do not use `npx playwright install`.",
    );
  return path;
}

export type BrowserSession = {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught errors of the page and Content-Security-Policy refusals seen so far. */
  problems(): readonly string[];
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
};

/**
 * Chromium with a fresh profile, one page open at `baseUrl`'s root. English and UTC unless told
 * otherwise, so dates and the first language the UI picks are the same on every machine.
 */
export async function openBrowser(
  baseUrl: string,
  options: { locale?: string; timezoneId?: string } = {},
): Promise<BrowserSession> {
  const executablePath = chromiumPath();
  const profile = mkdtempSync(join(tmpdir(), "rogatory-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      viewport: VIEWPORT,
      locale: options.locale ?? "en-US",
      timezoneId: options.timezoneId ?? "UTC",
      baseURL: baseUrl,
      args: [
        ...["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
        ...["--disable-background-networking", "--disable-component-update", "--disable-sync"],
      ],
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  await page.goto("/");
  return {
    context,
    page,
    problems: () => [...problems],
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const TOTP_SETTINGS = { algorithm: "SHA1", digits: 6, period: 30 } as const;
/** The last time step whose code was handed out, per secret: the node accepts each step once. */
const lastStepUsed = new Map<string, number>();

/**
 * The code an authenticator app would show for `secret`, never one of a step already used (the
 * node refuses a replayed code). The node accepts one step either side of its own, so the next
 * step is fine; only a third code within 30 s waits for the clock.
 */
export async function nextTotpCode(secret: string): Promise<string> {
  const stepOf = (ms: number) => Math.floor(ms / 1000 / TOTP_SETTINGS.period);
  let step = Math.max(stepOf(Date.now()), (lastStepUsed.get(secret) ?? -1) + 1);
  while (step > stepOf(Date.now()) + 1) await new Promise((done) => setTimeout(done, 1_000));
  step = Math.max(step, stepOf(Date.now()));
  lastStepUsed.set(secret, step);
  return TOTP.generate({
    ...TOTP_SETTINGS,
    secret: Secret.fromBase32(secret),
    timestamp: step * TOTP_SETTINGS.period * 1000,
  });
}

/** Sets up the second factor of the signed-in `client` through the API; returns the secret. */
export async function enrolSecondFactor(client: HttpClient): Promise<string> {
  const { secret } = (await client.expect("POST", "/api/v1/session/totp", 200)) as { secret: string };
  await client.expect("POST", "/api/v1/session/totp/confirm", 200, { code: await nextTotpCode(secret) });
  return secret;
}

export type UiLogin = { username: string; password: string; totpSecret?: string };

/**
 * Signs in on the sign-in page with the labels of the UI contract, and waits for the signed-in
 * frame (its "Sign out" button). With `totpSecret`, types the current code as well.
 */
export async function signInThroughUi(page: Page, login: UiLogin): Promise<void> {
  await page.goto("/");
  await page.getByLabel("Username").fill(login.username);
  await page.getByLabel("Password").fill(login.password);
  if (login.totpSecret !== undefined)
    await page.getByLabel("Authentication code").fill(await nextTotpCode(login.totpSecret));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

type AxeViolation = {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
};

/** Impacts that fail a test; "minor" and "moderate" ones are printed only. */
const FAILING_IMPACTS = new Set(["serious", "critical"]);

/**
 * Runs axe-core (WCAG 2.x A and AA rules and best practices) on the page as it is now. Fails on
 * serious or critical violations, listing each with its elements and how to fix it. The script is
 * evaluated through the debugging protocol, not added as a `<script>`: the node's CSP refuses
 * inline scripts, and the test must not weaken the CSP it checks.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(axe.source);
  const violations = (await page.evaluate(async () => {
    // The global the evaluated script defined; the Node project compiles without DOM types.
    const page = globalThis as unknown as {
      document: unknown;
      axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> };
    };
    const found = await page.axe.run(page.document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
      },
    });
    return found.violations;
  })) as AxeViolation[];
  const describe = (v: AxeViolation) =>
    `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
    v.nodes.map((n) => `    ${JSON.stringify(n.target)}: ${n.failureSummary ?? ""}`).join("\n");
  const failing = violations.filter((v) => FAILING_IMPACTS.has(String(v.impact)));
  const minor = violations.filter((v) => !FAILING_IMPACTS.has(String(v.impact)));
  if (minor.length > 0) console.warn(`axe on ${screen}, not failing:\n${minor.map(describe).join("\n")}`);
  if (failing.length > 0)
    throw new Error(
      `axe on ${screen}: ${failing.length} serious or critical\n${failing.map(describe).join("\n")}`,
    );
}

let screenshotDir: string | undefined;

/** Where this run's screenshots go: `SCREENSHOT_DIR`, else a new temporary directory. */
export function screenshotDirectory(): string {
  screenshotDir ??= process.env.SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), "rogatory-screenshots-"));
  mkdirSync(screenshotDir, { recursive: true });
  return screenshotDir;
}

/**
 * Saves the page (the fixed viewport, or all of it with `fullPage`) as `<name>.png` in this run's
 * directory, and also as docs/screenshots/<name>.png when `UPDATE_SCREENSHOTS=1`
 * (`npm run screenshots`). Returns the file written in the run's directory.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  const file = join(screenshotDirectory(), `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: "disabled" });
  if (process.env.UPDATE_SCREENSHOTS === "1") {
    const docs = join(REPO, "docs", "screenshots");
    mkdirSync(docs, { recursive: true });
    copyFileSync(file, join(docs, `${name}.png`));
  }
  return file;
}
