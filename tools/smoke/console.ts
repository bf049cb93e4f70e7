/**
 * The organiser console in a real browser (Debian's Chromium driven by playwright-core, as the
 * traveller steps do): the seeded demo organiser signs in with an emailed link, finds one of its
 * events, changes a ticket tier's price from the console, and a traveller's event page (another
 * browser, not signed in) shows the new price within the freshness the API states. axe-core runs
 * on every console page, on a phone-sized screen; an optional `shoot` takes their screenshots.
 */
import type { Page } from "playwright-core";
import { z } from "zod";
import { DEMO_ORGANISER } from "../../src/accounts/seed.ts";
import { CACHE_POLICY } from "../../src/config.ts";
import { axeViolations, launch, openPatiently } from "./browser.ts";
import { type Api, check, poll, SmokeFailure } from "./client.ts";
import { waitForEmail } from "./eml.ts";
import { fromPerson } from "./people.ts";
import { Booking, CreatedBooking } from "./schemas.ts";
import type { DevStack } from "./stack.ts";

/** Saves a screenshot of the page under a name (the lead wires tools/smoke/screenshots.ts here). */
export type Shoot = (page: Page, name: string) => Promise<unknown>;

export interface ConsoleState {
  api: Api;
  stack: DevStack;
  shoot?: Shoot;
}

/** axe-core's serious and critical violations, as `path: rule (impact, nodes)`. */
async function seriousViolations(page: Page): Promise<string[]> {
  const path = new URL(page.url()).pathname;
  return (await axeViolations(page))
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${path}: ${v.id} (${v.impact}, ${v.nodes})`);
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
  await openPatiently(page, new URL(new URL(link).pathname + new URL(link).search, s.api.baseUrl).href);
  await page.locator("#go").click();
  await page.locator("#status", { hasText: "You are signed in." }).waitFor({ timeout: 10_000 });
}

/** A price one unit of the currency higher, typed the way the console's field shows prices. */
function raised(price: string): string {
  const [whole = "0", fraction] = price.split(".");
  return fraction === undefined ? String(Number(whole) + 1) : `${Number(whole) + 1}.${fraction}`;
}

const EventDetails = z.object({
  id: z.string(),
  status: z.string(),
  tiers: z.array(z.object({ id: z.string(), remaining: z.number().int(), sales: z.object({ status: z.string() }) })),
});
const Hold = z.object({
  id: z.string(),
  total_price: z.object({ amount_minor: z.number().int(), currency: z.string() }),
});

/** The first of the organiser's listed events with a tier on sale now (the seed's first ones may not be). */
async function eventOnSale(s: ConsoleState, page: Page): Promise<{ eventId: string; tierId: string; title: string }> {
  const links = page.locator("tbody th a");
  for (let i = 0; i < (await links.count()); i++) {
    const eventId = (await links.nth(i).getAttribute("href"))?.split("/").at(-1) ?? "";
    const { body } = await s.api.call("GET", `/v1/events/${eventId}`, { expect: 200, schema: EventDetails });
    const tier = body.tiers.find((t) => t.sales.status === "open" && t.remaining >= 1);
    if (body.status === "scheduled" && tier) {
      return { eventId, tierId: tier.id, title: (await links.nth(i).textContent())?.trim() ?? eventId };
    }
  }
  throw new SmokeFailure("none of the demo organiser's events has a tier on sale");
}

/** A traveller books one ticket at the new price; the payment queue confirms it. */
async function bookTicket(s: ConsoleState, eventId: string, tierId: string) {
  const api = s.api.as("consoleTraveller");
  const body = { event_id: eventId, tier_id: tierId, quantity: 1 };
  const { body: hold } = await api.call("POST", "/v1/holds", { expect: 201, schema: Hold, body });
  const { body: booking } = await api.call("POST", "/v1/bookings", {
    expect: 202,
    schema: CreatedBooking,
    body: {
      hold_id: hold.id,
      passengers: [{ given_name: "Grace", family_name: "Hopper" }],
      contact: { email: "grace@example.com" },
      payment: { method: "card", token: "tok_success" },
    },
  });
  const headers = { authorization: `Bearer ${booking.owner_token}` };
  const read = await poll("the booking leaving pending_payment", 20_000, async () => {
    const { body: b } = await api.call("GET", `/v1/bookings/${booking.reference}`, {
      expect: 200,
      schema: Booking,
      headers,
    });
    return { done: b.status !== "pending_payment", value: b };
  });
  check(read.status === "confirmed", `the booking went to ${read.status}, expected confirmed`, read);
  return { reference: booking.reference, paid: hold.total_price };
}

export async function organiserConsole(s: ConsoleState): Promise<string> {
  const browser = await launch();
  try {
    const context = await browser.newContext({
      locale: "en-GB",
      viewport: { width: 390, height: 844 },
      extraHTTPHeaders: fromPerson(s.api.person),
    });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
    const base = s.api.baseUrl;
    const violations: string[] = [];
    const visit = async (name: string) => {
      violations.push(...(await seriousViolations(page)));
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

    await openPatiently(page, `${base}/console`);
    check(
      (await page.locator("h1").textContent())?.trim() === "Organiser console",
      "the console's overview did not open",
    );
    await visit("console-overview");

    await openPatiently(page, `${base}/console/units?product=events`);
    await visit("console-events");
    const { eventId, tierId, title } = await eventOnSale(s, page);
    check(await page.locator(`tbody th a[href="/console/units/${eventId}"]`).count(), `no link to ${eventId}`);
    await openPatiently(page, `${base}/console/units/${eventId}`);
    await visit("console-event");

    const form = page.locator("form.console-form", { has: page.locator(`input[name=tier_id][value="${tierId}"]`) });
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
    const traveller = await (
      await browser.newContext({ locale: "en-GB", extraHTTPHeaders: fromPerson("consoleTraveller") })
    ).newPage();
    const changedAt = Date.now();
    const shown = new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(Number(after));
    await poll(`the new price ${shown} on /events/${eventId}`, CACHE_POLICY.maxStaleSeconds * 1000, async () => {
      await traveller.goto(`${base}/events/${eventId}`);
      const text = (await traveller.locator("main").textContent()) ?? "";
      return { done: text.includes(shown), value: text.slice(0, 400) };
    });
    const waited = ((Date.now() - changedAt) / 1000).toFixed(1);

    // The traveller books at the new price: the console shows the booking and the day's sale.
    const { reference, paid } = await bookTicket(s, eventId, tierId);
    const digits =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    const expected = Math.round(Number(after) * 10 ** digits);
    check(
      paid.amount_minor === expected && paid.currency === currency,
      `the ticket was held at ${paid.amount_minor} ${paid.currency}, expected ${expected} ${currency}`,
    );
    await openPatiently(page, `${base}/console/units/${eventId}/bookings`);
    const row = page.locator(`a[href="/console/units/${eventId}/bookings/${reference}"]`);
    check((await row.count()) === 1, `the unit's bookings do not list ${reference}`);
    await openPatiently(page, `${base}/console/units/${eventId}/bookings/${reference}`);
    const timeline = (await page.locator(".timeline").textContent()) ?? "";
    check(/created[\s\S]*confirmed/.test(timeline), `the booking's timeline reads "${timeline.trim()}"`);
    await visit("console-booking");
    await openPatiently(page, `${base}/console/sales`);
    check((await page.locator("h1").textContent())?.trim() === "Sales", "the sales page did not open");
    const bars = await page.locator(`#sales-${currency.toLowerCase()}-h + .chart-and-table svg rect.bar`).count();
    check(bars === 30, `the ${currency} sales chart has ${bars} bars, expected one a day for 30 days`);
    await visit("console-sales");

    check(violations.length === 0, `axe-core finds ${violations.join(", ")}`);
    check(failures.length === 0, `the browser saw: ${failures.join("; ")}`);
    return `${DEMO_ORGANISER.email} signed in by link; ${title} tier ${tierId} ${before} → ${after} ${currency}; the traveller's page showed ${shown} after ${waited} s (stated: within ${CACHE_POLICY.maxStaleSeconds} s); booked ${reference}, seen with its timeline and in the sales chart; axe clean on 6 console pages at phone width`;
  } finally {
    await browser.close();
  }
}
