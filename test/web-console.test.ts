import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/http/app";
import { api, appClient } from "./support/app-client";
import { placeHold } from "./support/bookings";
import { apiAs, formFields, own, page, postForm, signInAs } from "./support/console";
import { insertEventFixture } from "./support/events";
import { seedDeparture } from "./support/inventory";
import { SMALL_BUDGETS, uniqueCaller } from "./support/limited-app";
import { envWithRedis } from "./support/redis";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture } from "./support/stays";

/** The organiser console's pages and forms, driven as a signed-in browser would. */

type Departure = { fares: { cabin: string; capacity: number; price: { amount_minor: number } }[]; status: string };

async function departureInDays(days: number, label: string) {
  const day = new Date(Date.now() + days * 86_400_000);
  const date = day.toISOString().slice(0, 10);
  const departsAt = Math.floor(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 9) / 1000);
  const id = await seedDeparture(label, {
    originCode: "LHR",
    destinationCode: "CDG",
    departsAt,
    serviceDate: date,
    fares: [{ cabin: "economy", capacity: 5, priceMinor: 10_000, currency: "EUR" }],
  });
  return { id, date };
}

describe("who may use the console", () => {
  it("sends someone not signed in to the sign-in page, which brings them back", async () => {
    const res = await page("/console/units?product=events");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/sign-in?next=${encodeURIComponent("/console/units?product=events")}`);
  });

  it("sends a browser whose session has ended to sign in again", async () => {
    const res = await api("/console", {
      redirect: "manual",
      headers: { cookie: `__Host-ef_session=efs_${"x".repeat(43)}` },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sign-in?next=%2Fconsole");
  });

  it("shows a traveller a 403 page that says who the console is for", async () => {
    const traveller = await signInAs("traveller");
    const res = await page("/console", traveller);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("The console is for organisers and admins.");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'none'");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });

  it("keeps the admin pages from an organiser, and shows them to an admin", async () => {
    const organiser = await signInAs("organiser");
    const admin = await signInAs("admin");
    const refused = await page("/console/health", organiser);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("This page is for admins.");
    expect((await page("/console", organiser)).status).toBe(200);
    const home = await (await page("/console", admin)).text();
    expect(home).toContain('href="/console/dead-letters"');
    expect(await (await page("/console", organiser)).text()).not.toContain('href="/console/dead-letters"');
  });

  it("says when to come back once the person's budget is spent, as the API does", async () => {
    const organiser = await signInAs("organiser");
    // Two lookups a minute: each list page spends one.
    const client = appClient(envWithRedis({ ...env, RATE_LIMIT_OVERRIDES: SMALL_BUDGETS }), createApp());
    const headers = { cookie: organiser.cookie, ...uniqueCaller() };
    const load = () =>
      client("/console/units?product=events", { headers: { cookie: headers.cookie, "cf-connecting-ip": headers.ip } });
    expect((await load()).status).toBe(200);
    expect((await load()).status).toBe(200);
    const refused = await load();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("You are going a little fast. Wait a few seconds and try again.");
  });

  it("signs out from the console: the session ends and the cookie goes", async () => {
    const organiser = await signInAs("organiser");
    const res = await postForm("/console/sign-out", organiser, {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.get("set-cookie")).toMatch(/^__Host-ef_session=; Max-Age=0; Path=\/; Secure/);
    const after = await page("/console", organiser);
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toBe("/sign-in?next=%2Fconsole");
  });
});

describe("inventory", () => {
  it("lists only the organiser's own departures, a page at a time; an admin sees every one", async () => {
    const organiser = await signInAs("organiser");
    const mine = [await seedDeparture("cons-list-a"), await seedDeparture("cons-list-b")].sort();
    const theirs = await seedDeparture("cons-list-other");
    await own(organiser, ...mine);

    const html = await (await page("/console/units?product=departures", organiser)).text();
    for (const id of mine) expect(html).toContain(`href="/console/units/${id}"`);
    expect(html).not.toContain(theirs);
    expect(html).toContain("The ones assigned to you.");

    type Units = { data: { id: string }[]; meta: { scope: string; next_cursor: string | null } };
    const first = await apiAs<Units>("/v1/organiser/units?product=departures&limit=1", organiser);
    expect(first.data.map((u) => u.id)).toEqual([mine[0]]);
    expect(first.meta.scope).toBe("own");
    const second = await apiAs<Units>(
      `/v1/organiser/units?product=departures&limit=1&cursor=${first.meta.next_cursor}`,
      organiser,
    );
    expect(second.data.map((u) => u.id)).toEqual([mine[1]]);
    expect(second.meta.next_cursor).toBeNull();
    // Nothing of another product leaks into the list.
    expect((await apiAs<Units>("/v1/organiser/units?product=events", organiser)).data).toEqual([]);

    const admin = await signInAs("admin");
    expect((await apiAs<Units>("/v1/organiser/units?product=departures&limit=1", admin)).meta.scope).toBe("all");
    expect((await page(`/console/units/${theirs}`, admin)).status).toBe(200);
    expect((await page(`/console/units/${theirs}`, organiser)).status).toBe(403);
  });

  it("changes a departure's price from its page, and the traveller's search shows the new price", async () => {
    const organiser = await signInAs("organiser");
    const { id, date } = await departureInDays(12, "cons-price");
    await own(organiser, id);
    // The traveller's search is cached before the change: the change must still reach it.
    expect(await (await api(`/trips?origin=LHR&destination=CDG&date=${date}&passengers=1`)).text()).toContain("100.00");

    const unit = await (await page(`/console/units/${id}`, organiser)).text();
    const fields = formFields(unit, `/console/units/${id}/fare`);
    expect(fields).toMatchObject({
      form: "fare-economy",
      cabin: "economy",
      currency: "EUR",
      price: "100.00",
      capacity: "5",
    });
    const res = await postForm(`/console/units/${id}/fare`, organiser, { ...fields, price: "123.45", reason: "promo" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/console/units/${id}?done=fare`);

    const after = await (await page(`/console/units/${id}?done=fare`, organiser)).text();
    expect(after).toContain("Fare saved.");
    expect(formFields(after, `/console/units/${id}/fare`).price).toBe("123.45");
    const departure = await (await api(`/v1/departures/${id}`)).json<Departure>();
    expect(departure.fares[0]).toMatchObject({ capacity: 5, price: { amount_minor: 12_345 } });
    const results = await (await api(`/trips?origin=LHR&destination=CDG&date=${date}&passengers=1`)).text();
    expect(results).toContain("123.45");
  });

  it("shows the API's refusal beside the form and keeps what was typed", async () => {
    const organiser = await signInAs("organiser");
    const { id } = await departureInDays(13, "cons-refuse");
    await own(organiser, id);
    await placeHold(id, 3);
    const unit = await (await page(`/console/units/${id}`, organiser)).text();
    const fields = formFields(unit, `/console/units/${id}/fare`);

    const below = await postForm(`/console/units/${id}/fare`, organiser, {
      ...fields,
      capacity: "2",
      reason: "smaller plane",
    });
    expect(below.status).toBe(409);
    const html = await below.text();
    expect(html).toContain("The capacity cannot go below what is already sold or held.");
    expect(html).toContain("Error code CAPACITY_BELOW_COMMITTED");
    expect(formFields(html, `/console/units/${id}/fare`)).toMatchObject({ capacity: "2", reason: "smaller plane" });

    const typo = await postForm(`/console/units/${id}/fare`, organiser, { ...fields, price: "12,3x", reason: "typo" });
    expect(typo.status).toBe(400);
    const typed = await typo.text();
    expect(typed).toContain("Error code VALIDATION_FAILED");
    expect(formFields(typed, `/console/units/${id}/fare`)).toMatchObject({ price: "12,3x", reason: "typo" });
    const departure = await (await api(`/v1/departures/${id}`)).json<Departure>();
    expect(departure.fares[0]).toMatchObject({ capacity: 5, price: { amount_minor: 10_000 } });
  });

  it("refuses a form from another site and another organiser's unit, changing nothing", async () => {
    const organiser = await signInAs("organiser");
    const other = await signInAs("organiser");
    const { id } = await departureInDays(14, "cons-csrf");
    await own(organiser, id);
    const fields = formFields(
      await (await page(`/console/units/${id}`, organiser)).text(),
      `/console/units/${id}/fare`,
    );
    const body = { ...fields, price: "1.00", reason: "x" };

    const crossSite = await postForm(`/console/units/${id}/fare`, organiser, body, {
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain("This form must be sent from an edgefare console page.");
    const notTheirs = await postForm(`/console/units/${id}/fare`, other, body);
    expect(notTheirs.status).toBe(403);
    expect(await notTheirs.text()).toContain("You do not have access to this page.");
    const departure = await (await api(`/v1/departures/${id}`)).json<Departure>();
    expect(departure.fares[0]?.price.amount_minor).toBe(10_000);
  });

  it("changes an event tier and cancels the event only once the box is ticked", async () => {
    const organiser = await signInAs("organiser");
    const id = `evt_cons_${crypto.randomUUID().slice(0, 8)}`;
    await insertEventFixture(env.DB, {
      id,
      city: "LIS",
      date: inDays(30),
      name: "Console night",
      performers: ["A"],
      venue: { id: `ven_${id}`, name: "Hall" },
    });
    await own(organiser, id);
    const unit = await (await page(`/console/units/${id}`, organiser)).text();
    expect(unit).toContain("<h1>Console night</h1>");
    const tier = formFields(unit, `/console/units/${id}/tier`);
    expect(tier).toMatchObject({ tier_id: "tier_ga", currency: "GBP", price: "25.00", capacity: "100" });
    const changed = await postForm(`/console/units/${id}/tier`, organiser, {
      ...tier,
      price: "30",
      capacity: "80",
      reason: "more",
    });
    expect(changed.status).toBe(303);
    type EventBody = { status: string; tiers: { capacity: number; price: { amount_minor: number } }[] };
    expect((await (await api(`/v1/events/${id}`)).json<EventBody>()).tiers[0]).toMatchObject({
      capacity: 80,
      price: { amount_minor: 3000 },
    });

    const cancel = formFields(unit, `/console/units/${id}/cancel`);
    const unticked = await postForm(`/console/units/${id}/cancel`, organiser, { ...cancel, reason: "storm" });
    expect(unticked.status).toBe(400);
    expect(await unticked.text()).toContain("confirm: Tick the box to confirm the cancellation");
    expect((await (await api(`/v1/events/${id}`)).json<EventBody>()).status).toBe("scheduled");
    const ticked = await postForm(`/console/units/${id}/cancel`, organiser, {
      ...cancel,
      reason: "storm",
      confirm: "yes",
    });
    expect(ticked.status).toBe(303);
    expect((await (await api(`/v1/events/${id}`)).json<EventBody>()).status).toBe("cancelled");
  });

  it("sets a property's nightly price, closes dates, and refuses dates in the wrong order", async () => {
    const organiser = await signInAs("organiser");
    const id = `prp_cons${crypto.randomUUID().slice(0, 8)}`;
    const roomType = `rt_${id.slice(4)}_1`;
    await insertFixture(env.DB, { properties: [fixtureProperty(id)], roomTypes: [fixtureRoomType(roomType, id)] });
    await own(organiser, id);
    const unit = await (await page(`/console/units/${id}`, organiser)).text();
    const rates = formFields(unit, `/console/units/${id}/rates`);
    expect(rates).toMatchObject({ room_type_id: roomType, currency: "GBP" });
    const night = inDays(20);
    const priced = await postForm(`/console/units/${id}/rates`, organiser, {
      ...rates,
      from: night,
      to: night,
      price: "150",
      reason: "festival",
    });
    expect(priced.status).toBe(303);
    type Calendar = { data: { date: string; price: { amount_minor: number }; closed: boolean }[] };
    const calendar = (q: string) =>
      api(`/v1/stays/${id}/availability?room_type_id=${roomType}&${q}`).then((r) => r.json<Calendar>());
    expect((await calendar(`from=${night}&to=${night}`)).data[0]?.price.amount_minor).toBe(15_000);

    const closure = formFields(unit, `/console/units/${id}/closure`);
    const closed = await postForm(`/console/units/${id}/closure`, organiser, {
      ...closure,
      from: night,
      to: night,
      kind: "closed",
      reason: "works",
    });
    expect(closed.status).toBe(303);
    expect((await calendar(`from=${night}&to=${night}`)).data[0]?.closed).toBe(true);

    // A fresh page: each render gives its forms new idempotency keys (a key reused with other values is refused).
    const reloaded = formFields(
      await (await page(`/console/units/${id}`, organiser)).text(),
      `/console/units/${id}/closure`,
    );
    expect(reloaded.idempotency_key).not.toBe(closure.idempotency_key);
    const backwards = await postForm(`/console/units/${id}/closure`, organiser, {
      ...reloaded,
      from: inDays(25),
      to: inDays(24),
      kind: "no_arrival",
      reason: "oops",
    });
    expect(backwards.status).toBe(400);
    const html = await backwards.text();
    expect(html).toContain("Error code INVALID_DATE_RANGE");
    expect(formFields(html, `/console/units/${id}/closure`)).toMatchObject({
      from: inDays(25),
      to: inDays(24),
      reason: "oops",
    });
    expect(html).toContain('<option value="no_arrival" selected>');
  });
});
