import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, ORIGIN } from "./support/app-client";
import { chargeJobFor, deliver } from "./support/bookings";
import { seedDeparture } from "./support/inventory";

/** The web app's reserve → checkout → manage → cancel pages, driven as a browser's form posts. */
const SAME_ORIGIN = { origin: ORIGIN, "sec-fetch-site": "same-origin" };

function postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = SAME_ORIGIN) {
  return api(path, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

const get = (path: string, cookie?: string) =>
  api(path, { redirect: "manual", ...(cookie ? { headers: { cookie } } : {}) });

/** The hidden fields of the first form posting to `action` on a page (that names `mentioning`, if given). */
function formFields(html: string, action: string, mentioning = ""): Record<string, string> {
  const form =
    html
      .split(`action="${action}"`)
      .slice(1)
      .map((f) => f.split("</form>")[0] ?? "")
      .find((f) => f.includes(mentioning)) ?? "";
  return Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1] ?? "", m[2] ?? ""]),
  );
}

/** Each test searches its own day: a route-day's results are cached, and seeding D1 directly does not move its version. */
async function departureInDays(days: number, label: string, capacity = 5) {
  const day = new Date(Date.now() + days * 86_400_000);
  const date = day.toISOString().slice(0, 10);
  const departsAt = Math.floor(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 9) / 1000);
  const id = await seedDeparture(label, {
    originCode: "LHR",
    destinationCode: "CDG",
    departsAt,
    serviceDate: date,
    fares: [{ cabin: "economy", capacity, priceMinor: 10_000, currency: "EUR" }],
  });
  return { id, date };
}

async function reserveFromResults(days: number, label: string) {
  const { id, date } = await departureInDays(days, label);
  const results = await (await get(`/trips?origin=LHR&destination=CDG&date=${date}&passengers=2`)).text();
  const fields = formFields(results, "/book/hold", `value="${id}"`);
  expect(fields).toMatchObject({ kind: "departure", departure_id: id, cabin: "economy", passengers: "2" });
  const reserved = await postForm("/book/hold", fields);
  expect(reserved.status).toBe(303);
  const checkout = reserved.headers.get("location") ?? "";
  expect(checkout).toMatch(/^\/book\/hld_/);
  return { departureId: id, checkout };
}

async function checkOut(checkout: string, token = "tok_success") {
  const page = await (await get(checkout)).text();
  return postForm(checkout, {
    ...formFields(page, checkout),
    given_name_0: "Ada",
    family_name_0: "Lovelace",
    given_name_1: "Charles",
    family_name_1: "Babbage",
    email: "ada@example.com",
    payment_token: token,
  });
}

describe("booking through the web app", () => {
  it("reserves a result, checks out with a countdown, confirms, and cancels with the quoted refund", async () => {
    const { checkout } = await reserveFromResults(11, "web-book");
    const page = await (await get(checkout)).text();
    expect(page).toMatch(/data-expires-at="\d{4}-\d\d-\d\dT/);
    expect(page).toContain('name="given_name_1"');
    expect(page).toContain("€200.00");

    const booked = await checkOut(checkout);
    expect(booked.status).toBe(303);
    const manage = booked.headers.get("location") ?? "";
    const reference = manage.split("/").at(-1) ?? "";
    expect(manage).toMatch(/^\/manage\/[A-Z0-9]{6}$/);
    const setCookie = booked.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(
      new RegExp(
        `^ef_booking_${reference}=own_[^;]+; Max-Age=\\d+; Path=/manage/${reference}; HttpOnly; Secure; SameSite=Strict`,
      ),
    );
    const cookie = setCookie.split(";")[0] ?? "";

    const pending = await (await get(manage, cookie)).text();
    expect(pending).toContain("We are confirming your payment");
    expect(pending).toContain('http-equiv="refresh"');

    const booking = await env.DB.prepare("SELECT id FROM bookings WHERE reference = ?")
      .bind(reference)
      .first<{ id: string }>();
    await deliver([await chargeJobFor(booking?.id ?? "")]);
    const confirmed = await (await get(manage, cookie)).text();
    expect(confirmed).toContain("Confirmed. €200.00 was charged");
    expect(confirmed).toContain("Cancelling now refunds €200.00.");
    expect(confirmed).toContain("Ada Lovelace, Charles Babbage");

    const cancelled = await postForm(
      `${manage}/cancel`,
      { ...formFields(confirmed, `${manage}/cancel`) },
      {
        ...SAME_ORIGIN,
        cookie,
      },
    );
    expect(cancelled.status).toBe(303);
    expect(await (await get(manage, cookie)).text()).toContain("Cancelled.");
  });

  it("keeps what the traveller typed and says what to fix when the API refuses it", async () => {
    const { checkout } = await reserveFromResults(12, "web-refused");
    const page = await (await get(checkout)).text();
    const refused = await postForm(checkout, {
      ...formFields(page, checkout),
      given_name_0: "Ada",
      family_name_0: "Lovelace",
      given_name_1: "Charles",
      family_name_1: "Babbage",
      email: "not-an-address",
      payment_token: "tok_success",
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('value="Lovelace"');
    expect(html).toContain('value="not-an-address"');
  });

  it("finds a booking by reference and family name, and refuses a wrong name like a missing booking", async () => {
    const { checkout } = await reserveFromResults(13, "web-lookup");
    const reference = ((await checkOut(checkout)).headers.get("location") ?? "").split("/").at(-1) ?? "";
    const found = await get(`/manage?reference=${reference.toLowerCase()}&family_name=babbage`);
    expect(found.status).toBe(303);
    const page = await get(found.headers.get("location") ?? "");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`Booking ${reference}`);
    const wrong = await get(`/manage/${reference}?family_name=Nobody`);
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('action="/manage"');
  });

  it("refuses a form posted from another site, and shows a sold-out refusal as a sentence", async () => {
    const { id } = await departureInDays(14, "web-csrf", 1);
    const fields = { kind: "departure", departure_id: id, cabin: "economy", passengers: "1" };
    const forged = await postForm("/book/hold", fields, {
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
    });
    expect(forged.status).toBe(403);
    const tooMany = await postForm("/book/hold", { ...fields, passengers: "2" });
    expect(tooMany.status).toBe(409);
    expect(await tooMany.text()).toContain("Error code INSUFFICIENT_SEATS");
  });

  it("checks out a trip of two departures as one booking, with one countdown and one total", async () => {
    const units = await Promise.all([departureInDays(15, "web-trip-a"), departureInDays(16, "web-trip-b")]);
    const created = await api("/v1/trips", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ items: units.map((u) => ({ departure_id: u.id, cabin: "economy", passengers: 2 })) }),
    });
    expect(created.status).toBe(201);
    const tripId = (await created.json<{ id: string }>()).id;
    const checkout = `/book/trip/${tripId}`;
    const page = await (await get(checkout)).text();
    expect(page.match(/class="card"/g)).toHaveLength(2);
    expect(page).toContain("Total €400.00");
    expect(page).toMatch(/data-expires-at="\d{4}-/);
    const booked = await checkOut(checkout);
    expect(booked.status).toBe(303);
    const reference = (booked.headers.get("location") ?? "").split("/").at(-1) ?? "";
    const items = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM booking_items i JOIN bookings b ON b.id = i.booking_id WHERE b.reference = ?",
    )
      .bind(reference)
      .first<{ n: number }>();
    expect(items?.n).toBe(2);
    const again = await (await get(checkout)).text();
    expect(again).toContain("This trip is booked.");
  });
});
