/**
 * The traveller's journeys in Chromium (see browser.ts for the session, axe-core and screenshots):
 * search → detail page → reserve → checkout → confirmation → manage → cancel for a departure, a
 * stay and an event; a second page seeing the first one's hold without reloading; a cart of three
 * products reserved as one trip; signing in by emailed link to "My trips" and signing out.
 */
import type { Page } from "playwright-core";
import { openPatiently, type WebSession, type WebTrip, withSession } from "./browser.ts";
import { check, poll, SmokeFailure } from "./client.ts";
import { waitForEmail } from "./eml.ts";
import { fromPerson, type Person } from "./people.ts";
import type { DevStack } from "./stack.ts";

/** What the journeys found, for the steps after them (the cart reuses their pages). */
export interface WebState {
  baseUrl: string;
  trip: WebTrip;
  /** A city and dates for the stay journey. */
  stay: { city: string; checkIn: string; checkOut: string };
  departurePage?: string;
  eventPage?: { url: string; tier: string };
}

const reserveButton = (page: Page, within = "form.reserve") =>
  page.locator(`${within} button[type=submit]:not(.secondary)`).first();

/**
 * From a checkout page: the countdown, the travellers' names, the sandbox card; then the manage
 * page until the payment queue confirms, the refund quote, and cancelling. Screenshots of each.
 */
async function payConfirmCancel(web: WebSession, page: Page, label: string): Promise<string> {
  await page.waitForURL(/\/book\/(trip\/)?(hld|trp)_/);
  const left = ((await page.locator("[data-expires-at]").textContent()) ?? "").trim();
  check(/^\d+:\d\d left$/.test(left), `the ${label} countdown reads "${left}"`);
  await web.visit(page, `checkout-${label}`);
  const travellers = await page.locator("input[name^=given_name_]").count();
  for (let i = 0; i < travellers; i++) {
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
  await web.visit(page, `confirmation-${label}`);
  const quote = ((await page.locator("#cancel + p").textContent()) ?? "").trim();
  await page.locator("button.danger").click();
  await page.waitForFunction(
    () => ["cancelled", "refunded"].includes(document.querySelector(".status")?.getAttribute("data-status") ?? ""),
    null,
    { timeout: 10_000 },
  );
  await web.visit(page, `cancelled-${label}`);
  return `${reference} (${left}), confirmed by the queue, "${quote}" cancelled`;
}

/** Departure: results → the departure's page → Reserve → checkout → confirmed → cancelled. */
export function webDeparture(s: WebState): Promise<string> {
  return withSession(s.baseUrl, { person: "webDeparture" }, async (web) => {
    const page = await web.newPage();
    const query = new URLSearchParams({ ...s.trip, passengers: String(s.trip.passengers) });
    await page.goto(`${s.baseUrl}/trips?${query}`);
    const link = page.locator(".results .card h3 a[href^='/departures/']").first();
    check((await link.count()) > 0, "no direct departure among the results");
    await link.click();
    await page.waitForURL(/\/departures\/dep_/);
    s.departurePage = page.url();
    const left = ((await page.locator("[data-pool]").first().textContent()) ?? "").trim();
    await web.visit(page, "departure");
    await reserveButton(page).click();
    const journey = await payConfirmCancel(web, page, "departure");
    return `${left} on the page; ${journey}; ${web.done()}`;
  });
}

/** Stay: search from the home page → a property's page → Reserve a refundable room → … → cancelled. */
export function webStay(s: WebState): Promise<string> {
  return withSession(s.baseUrl, { person: "webStay" }, async (web) => {
    const page = await web.newPage();
    await page.goto(`${s.baseUrl}/`);
    await page.locator("#stays input[name=place]").fill(s.stay.city);
    await page.locator("#stays input[name=check_in]").fill(s.stay.checkIn);
    await page.locator("#stays input[name=check_out]").fill(s.stay.checkOut);
    await page.locator("#stays button[type=submit]").click();
    await page.waitForURL(/\/stays\?/);
    await web.visit(page, "stay-results");
    const links = await page.locator(".results .card h3 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    for (const href of links.slice(0, 10)) {
      await page.goto(`${s.baseUrl}${href}`);
      const room = page
        .locator(".results .card", { hasText: "Free cancellation" })
        .filter({ has: page.locator("form.reserve") });
      if ((await room.count()) === 0) continue;
      const name = ((await room.first().locator("h3").textContent()) ?? "").trim();
      await web.visit(page, "property");
      await room.first().locator("form.reserve button[type=submit]:not(.secondary)").click();
      await page.waitForURL(/\/book\/hld_/).catch(() => undefined);
      if (!/\/book\/hld_/.test(page.url())) {
        // A property whose visible room went meanwhile: its page says why; try the next.
        continue;
      }
      const journey = await payConfirmCancel(web, page, "stay");
      return `${name} at ${href?.split("?")[0]}: ${journey}; ${web.done()}`;
    }
    throw new SmokeFailure(`none of the first ${links.length} properties in ${s.stay.city} had a refundable room free`);
  });
}

interface TierFacts {
  id: string;
  remaining: number;
  sales: { status: string };
  refund_policy: { refundable: boolean; rules: { until: string }[] };
}

/** A tier on sale now with a refund still due if cancelled today (asked of the API, as a partner would). */
async function refundableTier(baseUrl: string, eventId: string, person: Person): Promise<string | null> {
  const res = await fetch(`${baseUrl}/v1/events/${eventId}`, { headers: fromPerson(person) });
  if (!res.ok) return null;
  const event = (await res.json()) as { status: string; tiers: TierFacts[] };
  if (event.status !== "scheduled") return null;
  const now = Date.now();
  const tier = event.tiers.find(
    (t) =>
      t.sales.status === "open" &&
      t.remaining > 0 &&
      t.refund_policy.refundable &&
      t.refund_policy.rules.some((r) => Date.parse(r.until) > now + 3_600_000),
  );
  return tier?.id ?? null;
}

/** Event: search → the event's page → Reserve a refundable tier → … → cancelled. */
export function webEvent(s: WebState): Promise<string> {
  return withSession(s.baseUrl, { person: "webEvent" }, async (web) => {
    const page = await web.newPage();
    const from = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${s.baseUrl}/`);
    await page.locator("#events input[name=place]").fill("LON");
    await page.locator("#events input[name=from]").fill(from);
    await page.locator("#events button[type=submit]").click();
    await page.waitForURL(/\/events\?/);
    await web.visit(page, "event-results");
    const links = await page.locator(".results .card h3 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    for (const href of links) {
      const id = href?.split("/").at(-1) ?? "";
      const tier = await refundableTier(s.baseUrl, id, web.person);
      if (!tier) continue;
      await page.goto(`${s.baseUrl}${href}`);
      s.eventPage = { url: page.url(), tier };
      const name = ((await page.locator("h1").textContent()) ?? "").trim();
      await web.visit(page, "event");
      await reserveButton(page, `form.reserve:has(input[value="${tier}"])`).click();
      const journey = await payConfirmCancel(web, page, "event");
      return `${name}, ${tier}: ${journey}; ${web.done()}`;
    }
    throw new SmokeFailure(`no event in London from ${from} on the first results page has a refundable tier on sale`);
  });
}

/**
 * Two pages on one departure: the first reserves a seat and the second's "left" drops without a
 * reload, within 10 s (the fallback polls every 15 s, so the WebSocket push is what shows it).
 */
export function webLive(s: WebState): Promise<string> {
  return withSession(s.baseUrl, { person: "webLive" }, async (web) => {
    const url = s.departurePage;
    if (!url) throw new SmokeFailure("no departure page: the departure journey did not run");
    const watcher = await web.newPage();
    const buyer = await web.newPage();
    await watcher.goto(url);
    const pool = (await watcher.locator("form.reserve input[name=cabin]").first().getAttribute("value")) ?? "";
    const cell = watcher.locator(`[data-pool="${pool}"]`);
    // The object's first message on the socket (what a hold could get now) marks the page as live.
    await watcher.locator('[data-live-unit][data-live="socket"]').waitFor({ timeout: 10_000 });
    const before = ((await cell.textContent()) ?? "").trim();
    await buyer.goto(url);
    await buyer.locator(`form.reserve:has(input[value="${pool}"]) select[name=passengers]`).selectOption("1");
    await reserveButton(buyer, `form.reserve:has(input[value="${pool}"])`).click();
    await buyer.waitForURL(/\/book\/hld_/);
    await watcher.waitForFunction(
      ([selector, text]) => document.querySelector(selector as string)?.textContent?.trim() !== text,
      [`[data-pool="${pool}"]`, before],
      { timeout: 10_000 },
    );
    const after = ((await cell.textContent()) ?? "").trim();
    check(
      Number.parseInt(after, 10) === Number.parseInt(before, 10) - 1,
      `the watcher went from "${before}" to "${after}"`,
    );
    await web.visit(watcher, "live-availability");
    // Give the seat back so the HTTP journey after this step counts from an untouched departure.
    const holdId = buyer.url().split("/").at(-1) ?? "";
    const released = await fetch(`${s.baseUrl}/v1/holds/${holdId}`, {
      method: "DELETE",
      headers: fromPerson(web.person),
    });
    check(released.ok, `releasing ${holdId} answered ${released.status}`);
    return `${pool}: "${before}" → "${after}" on the other page without a reload; ${web.done()}`;
  });
}

/**
 * A cart of three products in one currency (a fare from London, a London stay, a London event),
 * surviving a reload, reserved as one trip, paid once, confirmed and cancelled.
 */
export function webCart(s: WebState): Promise<string> {
  return withSession(s.baseUrl, { person: "webCart" }, async (web) => {
    const page = await web.newPage();
    const added: string[] = [];
    const addFrom = async (url: string, form: string, travellers?: string) => {
      await page.goto(url);
      if (travellers) await page.locator(`${form} select[name=passengers]`).first().selectOption(travellers);
      const button = page.locator(`${form} button.secondary[formaction="/cart/add"]`).first();
      if ((await button.count()) === 0) return false;
      await button.click();
      await page.waitForURL(/\/cart$/);
      added.push(url);
      return true;
    };
    if (!s.departurePage || !s.eventPage) throw new SmokeFailure("the departure and event journeys did not run");
    // One traveller: one party goes on every part, and the event's ticket is one.
    check(await addFrom(s.departurePage, "form.reserve", "1"), "the departure page has no Add to trip");
    const stays = new URLSearchParams({ place: "LON", check_in: s.stay.checkIn, check_out: s.stay.checkOut });
    await page.goto(`${s.baseUrl}/stays?${stays}`);
    const properties = await page
      .locator(".results .card h3 a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    let stay = false;
    for (const href of properties.slice(0, 10)) {
      if (await addFrom(`${s.baseUrl}${href}`, '.results .card:has-text("Free cancellation") form.reserve')) {
        stay = true;
        break;
      }
    }
    check(stay, "no London property with a refundable room free to add");
    check(
      await addFrom(s.eventPage.url, `form.reserve:has(input[value="${s.eventPage.tier}"])`),
      "the event page has no Add to trip",
    );
    await page.reload();
    const items = await page.locator("ol.cart > li").count();
    check(items === 3, `the cart lists ${items} items after a reload, expected 3`);
    await web.visit(page, "cart");
    await page.locator("form.reserve-all button").click();
    // Either the trip's checkout, or the cart again (at /cart/reserve) saying which part could not be had.
    await page.waitForURL(/\/(book\/trip\/trp_|cart\/reserve)/);
    if (!/\/book\/trip\/trp_/.test(page.url())) {
      const problem = ((await page.locator(".problem").first().textContent()) ?? "").replace(/\s+/g, " ").trim();
      throw new SmokeFailure(`reserving the cart was refused: ${problem || "(no problem shown)"}`);
    }
    const parts = await page.locator("main section.card").count();
    check(parts === 3, `the trip's checkout shows ${parts} parts, expected 3`);
    const journey = await payConfirmCancel(web, page, "trip");
    return `3 products in the cart, kept over a reload, one trip: ${journey}; ${web.done()}`;
  });
}

/** Sign in by emailed link: /me sends a guest to /sign-in, the link signs in, the first tab moves on to /me. */
export function webSignIn(s: WebState, stack: DevStack): Promise<string> {
  return withSession(s.baseUrl, { person: "webSignIn" }, async (web) => {
    const page = await web.newPage();
    const email = `web-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await openPatiently(page, `${s.baseUrl}/me`);
    await page.waitForURL(/\/sign-in\?next=/);
    await web.visit(page, "sign-in");
    const mark = stack.lines.length;
    await page.locator("input[name=email]").fill(email);
    await page.locator("form[action='/sign-in'] button[type=submit]").click();
    await page.locator("[data-wait-for-sign-in]").waitFor();
    await web.visit(page, "sign-in-link-sent");
    const sent = await waitForEmail(
      stack,
      { subjectStartsWith: "Your edgefare sign-in link", contains: "token=", to: email },
      15_000,
      mark,
    );
    const link = /https?:\/\/\S+?[?&]token=[A-Za-z0-9_-]+/.exec(sent.text)?.[0];
    if (!link) throw new SmokeFailure("the sign-in email has no link", sent.text);
    const url = new URL(link);
    const tab = await web.newPage();
    await openPatiently(tab, `${s.baseUrl}${url.pathname}${url.search}`);
    await tab.locator("button").first().click();
    await tab.getByText("You are signed in.").waitFor({ timeout: 10_000 });
    await tab.close();
    // The first tab asks every 10 s (and when it is shown again) whether the link was used.
    await page.waitForURL(/\/me$/, { timeout: 30_000 });
    // The waiting tab spent some of the browser's lookup budget: a 429 is waited out.
    await openPatiently(page, `${s.baseUrl}/me`);
    const who = ((await page.locator("main p strong").first().textContent()) ?? "").trim();
    check(who === email, `"My trips" says signed in as "${who}"`);
    await web.visit(page, "my-trips");
    await page.locator("form[action='/sign-out'] button").click();
    await page.waitForURL(`${s.baseUrl}/`);
    await openPatiently(page, `${s.baseUrl}/me`);
    await poll("the signed-out /me sending to sign-in", 5_000, async () => ({
      done: page.url().includes("/sign-in"),
      value: 0,
    }));
    return `${email}: link sent, used in another tab, the first moved to /me on its own, signed out; ${web.done()}`;
  });
}
