import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, ORIGIN } from "./support/app-client";
import { seedDeparture } from "./support/inventory";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture } from "./support/stays";

/** The departure and property pages (src/web/pages/departure.ts, property.ts), linked from the results. */
const SAME_ORIGIN = { origin: ORIGIN, "sec-fetch-site": "same-origin" };

function postForm(path: string, fields: Record<string, string>) {
  return api(path, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The hidden fields and selected options of the first Reserve form on a page that names `mentioning`. */
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

async function departureInDays(days: number, label: string) {
  const day = new Date(Date.now() + days * 86_400_000);
  const date = day.toISOString().slice(0, 10);
  const departsAt = Math.floor(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 9) / 1000);
  const id = await seedDeparture(label, {
    originCode: "LHR",
    destinationCode: "CDG",
    departsAt,
    serviceDate: date,
    fares: [
      { cabin: "economy", capacity: 5, priceMinor: 10_000, currency: "EUR" },
      { cabin: "business", capacity: 1, priceMinor: 40_000, currency: "EUR" },
    ],
  });
  return { id, date };
}

describe("departure pages", () => {
  it("is linked from a direct result and shows each cabin's seats left, live, with a Reserve form", async () => {
    const { id, date } = await departureInDays(17, "web-detail");
    const results = await (await api(`/trips?origin=LHR&destination=CDG&date=${date}&passengers=2`)).text();
    expect(results).toContain(`href="/departures/${id}?passengers=2"`);

    const res = await api(`/departures/${id}?passengers=2`, { headers: { "accept-language": "en-GB" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain(`data-live-unit="${id}"`);
    expect(html).toContain('data-pool="economy">5 left</span>');
    expect(html).toContain('data-pool="business">1 left</span>');
    expect(html).toContain("€100.00 a seat");
    expect(html).toMatch(/Leaves [^<]*09:00 from London Heathrow/); // 09:00 UTC is 09:00 in London in winter
    const fields = reserveFields(html, 'value="economy"');
    expect(fields).toMatchObject({ kind: "departure", departure_id: id, cabin: "economy", passengers: "2" });
    // Business has one seat: its picker offers one traveller, whatever the search asked.
    expect(reserveFields(html, 'value="business"').passengers).toBe("1");

    const reserved = await postForm("/book/hold", fields);
    expect(reserved.status).toBe(303);
    const checkout = await (await api(reserved.headers.get("location") ?? "")).text();
    expect(checkout).toContain("London Heathrow");
    expect(checkout).toContain("Total €200.00");
  });

  it("answers an unknown departure with 404 and the sentence", async () => {
    const res = await api("/departures/dep_nothing_here");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain("Error code DEPARTURE_NOT_FOUND");
  });
});

describe("property pages", () => {
  it("is linked from a stay result and shows every night of the stay per room type, live, with a Reserve form", async () => {
    const id = `prp_webd${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
    const roomType = `rt_webd${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
    await insertFixture(env.DB, {
      properties: [fixtureProperty(id, { name: "Hotel <Detail>" })],
      roomTypes: [fixtureRoomType(roomType, id, { name: "Double", roomCount: 3 })],
    });
    const checkIn = inDays(40);
    const checkOut = inDays(42);
    const res = await api(`/stays/${id}?check_in=${checkIn}&check_out=${checkOut}&adults=2&rooms=1`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Hotel &lt;Detail&gt;");
    expect(html).toContain(`data-live-unit="${id}"`);
    expect(html).toContain(`data-pool="${roomType}@${checkIn}">3 left</span>`);
    expect(html).toContain(`data-pool="${roomType}@${inDays(41)}">3 left</span>`);
    expect(html).not.toContain(`data-pool="${roomType}@${checkOut}"`);
    expect(html).toContain("£200.00 a room for 2");
    const fields = reserveFields(html, roomType);
    expect(fields).toMatchObject({
      kind: "stay",
      property_id: id,
      room_type_id: roomType,
      check_in: checkIn,
      check_out: checkOut,
      adults: "2",
      rooms: "1",
    });

    const reserved = await postForm("/book/hold", fields);
    expect(reserved.status).toBe(303);
    const checkout = await (await api(reserved.headers.get("location") ?? "")).text();
    expect(checkout).toContain("Hotel &lt;Detail&gt;");
    expect(checkout).toContain("2 nights from");
    expect(checkout).toContain("Total £200.00");
  });

  it("says what is wrong with the dates instead of offering rooms", async () => {
    const id = `prp_webd${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
    await insertFixture(env.DB, {
      properties: [fixtureProperty(id)],
      roomTypes: [fixtureRoomType(`rt_webd${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`, id)],
    });
    const html = await (await api(`/stays/${id}?check_in=${inDays(40)}&check_out=${inDays(39)}`)).text();
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('action="/book/hold"');
    // A stay shorter than the arrival night's minimum is not offered: the hold would refuse it.
    const strict = `prp_webd${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
    await insertFixture(env.DB, {
      properties: [fixtureProperty(strict)],
      roomTypes: [
        fixtureRoomType(`rt_webd${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`, strict, { minStay: 3 }),
      ],
    });
    const short = await (await api(`/stays/${strict}?check_in=${inDays(40)}&check_out=${inDays(42)}`)).text();
    expect(short).toContain("A stay from this date is at least 3 nights.");
    expect(short).not.toContain('action="/book/hold"');
    // Two adults in one-adult beds: two rooms at least; with one bed left, none.
    const dorm = `prp_webd${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
    const beds = `rt_webd${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
    const single = `rt_webd${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
    await insertFixture(env.DB, {
      properties: [fixtureProperty(dorm)],
      roomTypes: [
        fixtureRoomType(beds, dorm, { maxAdults: 1, maxChildren: 0, roomCount: 4 }),
        fixtureRoomType(single, dorm, { maxAdults: 1, maxChildren: 0, roomCount: 1 }),
      ],
    });
    const party = await (await api(`/stays/${dorm}?check_in=${inDays(40)}&check_out=${inDays(42)}&adults=2`)).text();
    expect(reserveFields(party, beds).rooms).toBe("2");
    expect(party).not.toMatch(new RegExp(`value="${beds}"[\\s\\S]*?<option value="1"`));
    expect(reserveFields(party, single)).toEqual({});
    expect(party).toContain("Too small for 2 adults in the rooms left.");
    const missing = await api("/stays/prp_nothinghere00");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Error code PROPERTY_NOT_FOUND");
  });
});
