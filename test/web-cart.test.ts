import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, ORIGIN } from "./support/app-client";
import { insertEventFixture } from "./support/events";
import { seedDeparture } from "./support/inventory";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture } from "./support/stays";

/** The cart across products (src/web/cart.ts): kept in the traveller's cookie, reserved as one trip. */
const SAME_ORIGIN = { origin: ORIGIN, "sec-fetch-site": "same-origin" };

/** A browser's cookie jar for one name: the cart. */
class Browser {
  cart = "";
  async get(path: string) {
    return api(path, { redirect: "manual", headers: this.cart ? { cookie: this.cart } : {} });
  }
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = SAME_ORIGIN) {
    const res = await api(path, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...headers,
        ...(this.cart ? { cookie: this.cart } : {}),
      },
      body: new URLSearchParams(fields).toString(),
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith("ef_cart="));
    if (set) this.cart = /Max-Age=0/.test(set) ? "" : (set.split(";")[0] ?? "");
    return res;
  }
}

/** The hidden fields and selected options of the Reserve form on a page that names `mentioning`. */
function reserveFields(html: string, mentioning: string): Record<string, string> {
  const form =
    html
      .split('action="/book/hold"')
      .slice(1)
      .map((f) => f.split("</form>")[0] ?? "")
      .find((f) => f.includes(mentioning)) ?? "";
  const hidden = [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)];
  const selects = [...form.matchAll(/<select name="([^"]+)">[\s\S]*?<option value="(\d+)" selected/g)];
  return Object.fromEntries([...hidden, ...selects].map((m) => [m[1] ?? "", m[2] ?? ""]));
}

const suffix = () => crypto.randomUUID().replaceAll("-", "").slice(0, 10);

/** A departure, a property and an event, all sold in pounds (one trip is paid in one currency). */
async function threeUnits(days: number, tickets = 50) {
  const day = new Date(Date.now() + days * 86_400_000);
  const departureId = await seedDeparture("web-cart", {
    originCode: "LHR",
    destinationCode: "CDG",
    departsAt: Math.floor(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 9) / 1000),
    serviceDate: day.toISOString().slice(0, 10),
    fares: [{ cabin: "economy", capacity: 5, priceMinor: 10_000, currency: "GBP" }],
  });
  const propertyId = `prp_cart${suffix()}`;
  const roomType = `rt_cart${suffix()}`;
  await insertFixture(env.DB, {
    properties: [fixtureProperty(propertyId, { name: "Cart Hotel" })],
    roomTypes: [fixtureRoomType(roomType, propertyId, { name: "Twin" })],
  });
  const eventId = `evt_cart_${suffix()}`;
  await insertEventFixture(env.DB, {
    id: eventId,
    city: "PAR",
    date: inDays(days + 1),
    name: "Cart Concert",
    performers: [],
    venue: { id: `ven_${eventId}`, name: "Salle" },
    tiers: [{ id: "tier_ga", priceMinor: 2500, capacity: tickets }],
  });
  return { departureId, propertyId, roomType, eventId, checkIn: inDays(days), checkOut: inDays(days + 2) };
}

/** Adds one of each from their pages with "Add to trip", as a traveller would. */
async function fillCart(browser: Browser, u: Awaited<ReturnType<typeof threeUnits>>) {
  const departure = await (await browser.get(`/departures/${u.departureId}?passengers=1`)).text();
  const stay = await (await browser.get(`/stays/${u.propertyId}?check_in=${u.checkIn}&check_out=${u.checkOut}`)).text();
  const event = await (await browser.get(`/events/${u.eventId}`)).text();
  for (const fields of [
    reserveFields(departure, 'value="economy"'),
    reserveFields(stay, u.roomType),
    reserveFields(event, 'value="tier_ga"'),
  ]) {
    const added = await browser.post("/cart/add", fields);
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toBe("/cart");
  }
}

describe("the cart", () => {
  it("takes a fare, room-nights and tickets from their pages and reserves them as one trip, paid once", async () => {
    const u = await threeUnits(50);
    const browser = new Browser();
    await fillCart(browser, u);
    expect(browser.cart).toMatch(/^ef_cart=[A-Za-z0-9_-]+$/);

    // A reload (a new request with the same cookie) lists the same three.
    const cart = await (await browser.get("/cart")).text();
    expect(cart.match(/<li class="card">/g)).toHaveLength(3);
    expect(cart).toContain("Cart Hotel, Twin, 2 nights from");
    expect(cart).toContain("Cart Concert, tier_ga");
    expect(cart).toContain("Reserve all 3");

    const idempotency = /name="idempotency_key" value="([^"]+)"/.exec(cart)?.[1] ?? "";
    const reserved = await browser.post("/cart/reserve", { idempotency_key: idempotency });
    expect(reserved.status).toBe(303);
    const checkout = reserved.headers.get("location") ?? "";
    expect(checkout).toMatch(/^\/book\/trip\/trp_/);
    expect(browser.cart).toBe(""); // reserved: the cart is emptied
    const page = await (await browser.get(checkout)).text();
    expect(page.match(/class="card"/g)).toHaveLength(3);
    expect(page).toContain("Cart Concert, Salle");
    // 100.00 a seat + 2 nights at 100.00 + 25.00 a ticket
    expect(page).toContain("Total £325.00");
    expect(page).toMatch(/data-expires-at="\d{4}-/);
  });

  it("removes an item, and refuses an eighth part with the cart unchanged", async () => {
    const u = await threeUnits(53);
    const browser = new Browser();
    await fillCart(browser, u);
    expect((await browser.post("/cart/remove", { index: "1" })).status).toBe(303);
    let cart = await (await browser.get("/cart")).text();
    expect(cart).not.toContain("Cart Hotel");
    expect(cart.match(/<li class="card">/g)).toHaveLength(2);

    const event = reserveFields(await (await browser.get(`/events/${u.eventId}`)).text(), 'value="tier_ga"');
    for (let i = 0; i < 4; i++) expect((await browser.post("/cart/add", event)).status).toBe(303);
    const before = browser.cart;
    const full = await browser.post("/cart/add", event);
    expect(full.status).toBe(409);
    expect(await full.text()).toContain("Your trip already has 6 parts");
    expect(browser.cart).toBe(before);
    cart = await (await browser.get("/cart")).text();
    expect(cart.match(/<li class="card">/g)).toHaveLength(6);
  });

  it("names the part that cannot be had and holds nothing, keeping the cart", async () => {
    const u = await threeUnits(56, 1);
    const browser = new Browser();
    await fillCart(browser, u);
    // Someone else takes the only ticket first.
    const taken = await api("/v1/holds", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ event_id: u.eventId, tier_id: "tier_ga", quantity: 1 }),
    });
    expect(taken.status).toBe(201);
    const refused = await browser.post("/cart/reserve", { idempotency_key: crypto.randomUUID() });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain("One part of your trip is no longer available");
    expect(html).toContain("Part 3:");
    expect(html).toContain('class="card refused"');
    expect(browser.cart).not.toBe("");
    const departure = await (await api(`/v1/units/${u.departureId}/live`)).json<{ data: { available: number }[] }>();
    expect(departure.data[0]?.available).toBe(5);
  });

  it("says before holding anything when the parts are for different numbers of travellers", async () => {
    const u = await threeUnits(59);
    const browser = new Browser();
    await fillCart(browser, u);
    await browser.post("/cart/remove", { index: "0" });
    const departure = await (await browser.get(`/departures/${u.departureId}?passengers=2`)).text();
    expect((await browser.post("/cart/add", reserveFields(departure, 'value="economy"'))).status).toBe(303);
    const cart = await (await browser.get("/cart")).text();
    expect(cart).toContain("the journey is for 2 travellers, but another part is for 1");
    const refused = await browser.post("/cart/reserve", { idempotency_key: crypto.randomUUID() });
    expect(refused.status).toBe(409);
    const seats = await (await api(`/v1/units/${u.departureId}/live`)).json<{ data: { available: number }[] }>();
    expect(seats.data[0]?.available).toBe(5);
  });

  it("reads a cookie that is not a cart as an empty cart, and refuses an add from another site", async () => {
    const browser = new Browser();
    for (const forged of ["ef_cart=not-base64!", `ef_cart=${btoa('[{"kind":"spaceship","fields":{}}]')}`]) {
      browser.cart = forged;
      const html = await (await browser.get("/cart")).text();
      expect(html).toContain("Your trip is empty");
    }
    browser.cart = "";
    const forged = await browser.post(
      "/cart/add",
      { kind: "event", event_id: "evt_x", tier_id: "tier_ga", quantity: "1" },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(forged.status).toBe(403);
    expect(browser.cart).toBe("");
  });
});
