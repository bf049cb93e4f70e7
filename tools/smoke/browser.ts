/**
 * The web app in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download; installed with apt-get when missing and running as root), against wrangler dev.
 * Each step checks axe-core on every page it visits (no serious or critical violation) and takes
 * its screenshots (tools/smoke/screenshots.ts). The journeys themselves are in browser-journeys.ts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { ensureDebianBinary } from "../debian-package.ts";
import { check } from "./client.ts";
import { fromPerson, type Person } from "./people.ts";
import { screenshot } from "./screenshots.ts";

const require = createRequire(import.meta.url);
const HINT = "Chromium is not installed. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu).";

export interface WebTrip {
  origin: string;
  destination: string;
  date: string;
  passengers: number;
}

export async function launch(): Promise<Browser> {
  const executablePath = ensureDebianBinary("chromium", "chromium", HINT);
  return chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
}

/** axe-core's violations on the page, evaluated over the DevTools protocol (the page's CSP refuses a <script> tag). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: number }[]> {
  await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page above
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v: { id: string; impact: string; nodes: unknown[] }) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
    }));
  });
}

/**
 * One browser for one step: pages it opens report their script errors; `visit` checks a page
 * with axe-core and screenshots it; `done` fails the step on a serious or critical violation or a
 * page error, and says how many pages were checked.
 */
export class WebSession {
  private readonly failures: string[] = [];
  private readonly serious: string[] = [];
  private readonly minor = new Set<string>();
  private pages = 0;

  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly baseUrl: string;
  /** Who is shopping: every request of the session, the page's own and `fetch`'s, is theirs. */
  readonly person: Person;

  private constructor(browser: Browser, context: BrowserContext, baseUrl: string, person: Person) {
    this.browser = browser;
    this.context = context;
    this.baseUrl = baseUrl;
    this.person = person;
  }

  static async open(
    baseUrl: string,
    options: { person: Person; locale?: string; viewport?: { width: number; height: number } },
  ): Promise<WebSession> {
    const browser = await launch();
    const context = await browser.newContext({
      locale: options.locale ?? "en-GB",
      viewport: options.viewport ?? { width: 390, height: 844 },
      extraHTTPHeaders: fromPerson(options.person),
    });
    return new WebSession(browser, context, baseUrl, options.person);
  }

  async newPage(): Promise<Page> {
    const page = await this.context.newPage();
    page.on("pageerror", (error) => this.failures.push(`page error on ${page.url()}: ${error.message}`));
    return page;
  }

  /** axe-core over the page as it is now, then its screenshots as `name`. */
  async visit(page: Page, name: string): Promise<void> {
    this.pages++;
    for (const v of await axeViolations(page)) {
      const line = `${v.id} (${v.impact}, ${v.nodes}) on ${name}`;
      if (v.impact === "serious" || v.impact === "critical") this.serious.push(line);
      else this.minor.add(`${v.id} (${v.impact})`);
    }
    await screenshot(page, name);
  }

  /** The step's verdict on accessibility and page errors, as a note for its line. */
  done(): string {
    check(this.serious.length === 0, `axe-core finds ${this.serious.join(", ")}`);
    check(this.failures.length === 0, `the browser saw: ${this.failures.join("; ")}`);
    const minor = this.minor.size > 0 ? ` (minor: ${[...this.minor].join(", ")})` : "";
    return `axe: ${this.pages} page(s) with no serious or critical violation${minor}`;
  }

  close(): Promise<void> {
    return this.browser.close();
  }

  get version(): string {
    return this.browser.version();
  }
}

/** Runs `work` in a fresh session and always closes its browser. */
export async function withSession<T>(
  baseUrl: string,
  options: Parameters<typeof WebSession.open>[1],
  work: (session: WebSession) => Promise<T>,
): Promise<T> {
  const session = await WebSession.open(baseUrl, options);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

/** The first page's JavaScript, gzipped, stays under 50 KB (issue 13): the web app's budget. */
const FIRST_PAGE_JS_BUDGET = 50 * 1024;

async function gzippedBytes(urls: string[]): Promise<number> {
  let total = 0;
  for (const url of new Set(urls)) total += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length;
  return total;
}

export function webSearch(baseUrl: string, trip: WebTrip): Promise<string> {
  return withSession(baseUrl, { person: "webSearcher", locale: "de-DE" }, async (web) => {
    const page = await web.newPage();
    const noise: string[] = [];
    page.on("console", (msg) => msg.type() === "error" && noise.push(`console: ${msg.text()}`));
    // A suggestion lookup still in flight when the next key is typed or the form navigates is
    // aborted by design (ERR_ABORTED); any other failure is noise the traveller would see.
    page.on("requestfailed", (req) => {
      const reason = req.failure()?.errorText ?? "";
      if (!reason.includes("ERR_ABORTED")) noise.push(`request failed: ${req.url()} (${reason})`);
    });

    const scripts: string[] = [];
    page.on("response", (res) => res.request().resourceType() === "script" && scripts.push(res.url()));
    await page.goto(`${baseUrl}/`, { waitUntil: "load" });
    const firstPageJs = await gzippedBytes(scripts);
    check(firstPageJs < FIRST_PAGE_JS_BUDGET, `the first page loads ${firstPageJs} bytes of JavaScript gzipped`);
    await web.visit(page, "home");
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
    await web.visit(page, "trip-results");
    check(noise.length === 0, `the browser saw: ${noise.join("; ")}`);

    // A bad search answers 400 (Chromium logs that as a failed load): the sentence is what matters.
    await page.goto(`${baseUrl}/trips?origin=ZZZ&destination=PAR&date=${trip.date}`);
    const problem = (await page.locator(".problem").textContent()) ?? "";
    check(problem.includes("We do not know that place"), `an unknown place reads "${problem.trim()}"`);
    await web.visit(page, "search-problem");
    return `Chromium ${web.version}: first page JS ${(firstPageJs / 1024).toFixed(1)} KB gzipped, ${suggestions} suggestions for "Lond", ${cards} results (${price.trim()}), ${fresh.trim()}, phone width, problem as a sentence; ${web.done()}`;
  });
}

/**
 * Opens a page the way a patient person would: a 429 page (a person's budget spent by a long
 * poll) is waited out as its Retry-After says, at most twice.
 */
export async function openPatiently(page: Page, url: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const res = await page.goto(url);
    const wait = Number((await res?.allHeaders())?.["retry-after"]);
    if (res?.status() !== 429 || attempt >= 2 || !(wait > 0 && wait <= 60)) {
      check(res?.ok(), `${new URL(url).pathname} answered ${res?.status()}`);
      return;
    }
    await new Promise((r) => setTimeout(r, wait * 1000));
  }
}
