/**
 * The web app in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download; installed with apt-get when missing and running as root), against wrangler dev.
 * A traveller's search from the home page, place suggestions, results with their freshness,
 * a phone-sized screen, and axe-core's accessibility rules; then reserving a result, checking out
 * with the sandbox card, the booking confirmed by the payment queue, and cancelling it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, chromium, type Page } from "playwright-core";
import { ensureDebianBinary } from "../debian-package.ts";
import { check } from "./client.ts";

const require = createRequire(import.meta.url);
const HINT = "Chromium is not installed. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu).";

export interface WebTrip {
  origin: string;
  destination: string;
  date: string;
  passengers: number;
}

async function launch(): Promise<Browser> {
  const executablePath = ensureDebianBinary("chromium", "chromium", HINT);
  return chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
}

/** axe-core's violations on the page, evaluated over the DevTools protocol (the page's CSP refuses a <script> tag). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page above
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map(
      (v: { id: string; impact: string; nodes: unknown[] }) => `${v.id} (${v.impact}, ${v.nodes.length})`,
    );
  });
}

export async function webSearch(baseUrl: string, trip: WebTrip): Promise<string> {
  const browser = await launch();
  try {
    const context = await browser.newContext({ locale: "de-DE", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
    page.on("console", (msg) => msg.type() === "error" && failures.push(`console: ${msg.text()}`));
    page.on("requestfailed", (req) => failures.push(`request failed: ${req.url()}`));

    await page.goto(`${baseUrl}/`);
    const origin = page.locator("#trips input[name=origin]");
    await origin.pressSequentially("Lond", { delay: 40 });
    await page.waitForFunction(() => (document.getElementById("origin-places")?.children.length ?? 0) > 0, null, {
      timeout: 5000,
    });
    const suggestions = await page.locator("#origin-places option").count();
    await origin.fill(trip.origin);
    await page.locator("#trips input[name=destination]").fill(trip.destination);
    await page.locator("#trips input[name=date]").fill(trip.date);
    await page.locator("#trips input[name=passengers]").fill(String(trip.passengers));
    await page.locator("#trips button[type=submit]").click();
    await page.waitForURL(/\/trips\?/);

    const heading = (await page.locator("#results").textContent())?.trim() ?? "";
    check(/\d+ option/.test(heading), `the results page says "${heading}"`);
    const cards = await page.locator(".results .card").count();
    check(cards > 0, "no result cards on the page");
    const price = (await page.locator(".results .card .price").first().textContent()) ?? "";
    check(
      price.includes("€") || price.includes("£"),
      `the first price is "${price}" (expected a currency in de-DE format)`,
    );
    const fresh = (await page.locator(".freshness time").textContent()) ?? "";
    check(/ago$/.test(fresh.trim()), `the freshness line says "${fresh}"`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `the page scrolls sideways by ${overflow}px on a 390px screen`);

    const violations = await axeViolations(page);
    check(violations.length === 0, `axe-core finds ${violations.join(", ")}`);

    check(failures.length === 0, `the browser saw: ${failures.join("; ")}`);

    // A bad search answers 400 (Chromium logs that as a failed load): the sentence is what matters.
    await page.goto(`${baseUrl}/trips?origin=ZZZ&destination=PAR&date=${trip.date}`);
    const problem = (await page.locator(".problem").textContent()) ?? "";
    check(problem.includes("We do not know that place"), `an unknown place reads "${problem.trim()}"`);
    return `Chromium ${browser.version()}: ${suggestions} suggestions for "Lond", ${cards} results (${price.trim()}), ${fresh.trim()}, axe clean, phone width, problem as a sentence`;
  } finally {
    await browser.close();
  }
}

/** Reserve the first direct result, check out with the sandbox card, see it confirmed, cancel it. */
export async function webBooking(baseUrl: string, trip: WebTrip): Promise<string> {
  const browser = await launch();
  try {
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
    const query = new URLSearchParams({ ...trip, passengers: String(trip.passengers) });
    await page.goto(`${baseUrl}/trips?${query}`);
    await page.locator("form.reserve button").first().click();
    await page.waitForURL(/\/book\/hld_/);
    const left = (await page.locator("[data-expires-at]").textContent()) ?? "";
    check(/^\d+:\d\d left$/.test(left.trim()), `the countdown reads "${left}"`);
    const checkoutViolations = await axeViolations(page);
    for (let i = 0; i < trip.passengers; i++) {
      await page.locator(`input[name=given_name_${i}]`).fill(i === 0 ? "Ada" : "Charles");
      await page.locator(`input[name=family_name_${i}]`).fill(i === 0 ? "Lovelace" : "Babbage");
    }
    await page.locator("input[name=email]").fill("ada@example.com");
    await page.locator("form.checkout button[type=submit]").click();
    await page.waitForURL(/\/manage\/[A-Z0-9]+$/);
    const reference = page.url().split("/").at(-1) ?? "";
    // The page refreshes itself every 2 s until the payment queue has confirmed the booking.
    await page.waitForFunction(
      () => document.querySelector(".status")?.getAttribute("data-status") === "confirmed",
      null,
      {
        timeout: 30_000,
      },
    );
    const manageViolations = await axeViolations(page);
    const quote = (await page.locator("#cancel + p").textContent()) ?? "";
    check(quote.startsWith("Cancelling now refunds"), `the refund quote reads "${quote}"`);
    await page.locator("button.danger").click();
    await page.waitForFunction(
      () => document.querySelector(".status")?.getAttribute("data-status") === "cancelled",
      null,
      {
        timeout: 10_000,
      },
    );
    const violations = [...checkoutViolations, ...manageViolations];
    check(violations.length === 0, `axe-core finds ${violations.join(", ")}`);
    check(failures.length === 0, `the browser saw: ${failures.join("; ")}`);
    return `reserved, countdown ${left.trim()}, booked ${reference}, confirmed by the queue, ${quote.trim()} cancelled; axe clean`;
  } finally {
    await browser.close();
  }
}
