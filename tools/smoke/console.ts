/**
 * The organiser console in a real browser (Debian's Chromium driven by playwright-core, as the
 * traveller steps do): the seeded demo organiser signs in with an emailed link, finds one of its
 * events, changes a ticket tier's price from the console, and a traveller's event page (another
 * browser, not signed in) shows the new price within the freshness the API states. axe-core runs
 * on every console page, on a phone-sized screen; an optional `shoot` takes their screenshots.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, chromium, type Page } from "playwright-core";
import { z } from "zod";
import { DEMO_ORGANISER } from "../../src/accounts/seed.ts";
import { CACHE_POLICY } from "../../src/config.ts";
import { ensureDebianBinary } from "../debian-package.ts";
import { type Api, check, poll } from "./client.ts";
import { waitForEmail } from "./eml.ts";
import type { DevStack } from "./stack.ts";

const require = createRequire(import.meta.url);
const HINT = "Chromium is not installed. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu).";

/** Saves a screenshot of the page under a name (the lead wires tools/smoke/screenshots.ts here). */
export type Shoot = (page: Page, name: string) => Promise<void>;

export interface ConsoleState {
  api: Api;
  stack: DevStack;
  shoot?: Shoot;
}

async function launch(): Promise<Browser> {
  const executablePath = ensureDebianBinary("chromium", "chromium", HINT);
  return chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
}

/** axe-core's serious and critical violations, run over the DevTools protocol (the console's CSP allows no script). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  const found: string[] = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page above
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
      .map((v: { id: string; impact: string; nodes: unknown[] }) => `${v.id} (${v.impact}, ${v.nodes.length})`);
  });
  return found.map((v) => `${new URL(page.url()).pathname}: ${v}`);
}

/** The page fits a phone's width: nothing scrolls sideways but the tables' own wrappers. */
async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Signs in the way a person does: the emailed link's page, its button, the session cookie. */
async function signIn(s: ConsoleState, page: Page): Promise<void> {
  const from = s.stack.lines.length;
  await s.api.call("POST", "/v1/auth/magic-link", {
    expect: 202,
    schema: z.unknown(),
    body: { email: DEMO_ORGANISER.email },
  });
  const email = await waitForEmail(
    s.stack,
    { subjectStartsWith: "Your edgefare sign-in link", contains: "token=", to: DEMO_ORGANISER.email },
    20_000,
    from,
  );
  const link = /(https?:\/\/\S+\/v1\/auth\/magic-link\?token=[A-Za-z0-9_-]{43})/.exec(email.text)?.[1];
  check(link, "the sign-in email has no link", email.text);
  await page.goto(new URL(new URL(link).pathname + new URL(link).search, s.api.baseUrl).href);
  await page.locator("#go").click();
  await page.locator("#status", { hasText: "You are signed in." }).waitFor({ timeout: 10_000 });
}

/** A price one unit of the currency higher, typed the way the console's field shows prices. */
function raised(price: string): string {
  const [whole = "0", fraction] = price.split(".");
  return fraction === undefined ? String(Number(whole) + 1) : `${Number(whole) + 1}.${fraction}`;
}

export async function organiserConsole(s: ConsoleState): Promise<string> {
  const browser = await launch();
  try {
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
    const base = s.api.baseUrl;
    const violations: string[] = [];
    const visit = async (name: string) => {
      violations.push(...(await axeViolations(page)));
      const overflow = await sidewaysScroll(page);
      check(overflow <= 0, `${name} scrolls sideways by ${overflow}px on a 390px screen`);
      await s.shoot?.(page, name);
    };

    const redirected = await page.goto(`${base}/console/units?product=events`);
    check(
      page.url().includes(`/sign-in?next=${encodeURIComponent("/console/units?product=events")}`),
      `not signed in, /console/units led to ${page.url()} (${redirected?.status()})`,
    );
    await signIn(s, page);

    await page.goto(`${base}/console`);
    check(
      (await page.locator("h1").textContent())?.trim() === "Organiser console",
      "the console's overview did not open",
    );
    await visit("console-overview");

    await page.goto(`${base}/console/units?product=events`);
    await visit("console-events");
    const first = page.locator("tbody th a").first();
    const title = (await first.textContent())?.trim() ?? "";
    await first.click();
    await page.waitForURL(/\/console\/units\/evt_/);
    const eventId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    await visit("console-event");

    const form = page.locator("form.console-form").first();
    const tierId = await form.locator("input[name=tier_id]").inputValue();
    const currency = await form.locator("input[name=currency]").inputValue();
    const before = await form.locator("input[name=price]").inputValue();
    const after = raised(before);
    await form.locator("input[name=price]").fill(after);
    await form.locator("input[name=reason]").fill("smoke: new price");
    await form.locator("button[type=submit]").press("Enter");
    await page.waitForURL(/\?done=tier$/);
    const done = (await page.locator(".done").textContent())?.trim();
    check(done === "Tier saved.", `after saving, the page says "${done}"`);
    await visit("console-event-saved");

    // A traveller's browser, not signed in, on the event's page: the new price within the stated freshness.
    const traveller = await (await browser.newContext({ locale: "en-GB" })).newPage();
    const changedAt = Date.now();
    const shown = new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(Number(after));
    await poll(`the new price ${shown} on /events/${eventId}`, CACHE_POLICY.maxStaleSeconds * 1000, async () => {
      await traveller.goto(`${base}/events/${eventId}`);
      const text = (await traveller.locator("main").textContent()) ?? "";
      return { done: text.includes(shown), value: text.slice(0, 400) };
    });
    const waited = ((Date.now() - changedAt) / 1000).toFixed(1);

    await page.goto(`${base}/console/sales`);
    check((await page.locator("h1").textContent())?.trim() === "Sales", "the sales page did not open");
    await visit("console-sales");
    await page.goto(`${base}/console/units/${eventId}/bookings`);
    await visit("console-bookings");

    check(violations.length === 0, `axe-core finds ${violations.join(", ")}`);
    check(failures.length === 0, `the browser saw: ${failures.join("; ")}`);
    return `${DEMO_ORGANISER.email} signed in by link; ${title} tier ${tierId} ${before} → ${after} ${currency}; the traveller's page showed ${shown} after ${waited} s (stated: within ${CACHE_POLICY.maxStaleSeconds} s); axe clean on 6 console pages at phone width`;
  } finally {
    await browser.close();
  }
}
