import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { REFINE } from "../src/web/forms";
import { runSearch } from "../src/web/search-page";
import { api } from "./support/app-client";
import { insertEventFixture } from "./support/events";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";

/** The web app's server-rendered pages (src/web); the browser journey is in the smoke run. */
describe("web pages", () => {
  it("serves the home page with the three searches, same-origin only and never cached", async () => {
    const res = await api("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    for (const action of ["/trips", "/stays", "/events"]) expect(html).toContain(`action="${action}"`);
    expect(html).not.toMatch(/<script>|style="/);
  });

  it("renders a trip search from the API's own answer, in the traveller's locale and each place's time", async () => {
    // Three days ahead at 07:30 UTC, which is 07:30 in London in winter (the seed window is 30 days).
    const day = new Date(Date.now() + 3 * 86_400_000);
    const departsAt = Math.floor(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 7, 30) / 1000);
    const date = day.toISOString().slice(0, 10);
    await seedDeparture("web", {
      originCode: "LHR",
      destinationCode: "CDG",
      departsAt,
      serviceDate: date,
      fares: [{ cabin: "economy", capacity: 7, priceMinor: 123456, currency: "EUR" }],
    });
    const res = await api(`/trips?origin=LHR&destination=CDG&date=${date}&passengers=2`, {
      headers: { "accept-language": "de-DE,de;q=0.9" },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('lang="de-DE"');
    expect(html).toMatch(/2\.469,12\s€/); // two travellers at 1.234,56 €
    expect(html).toContain("07:30");
    expect(html).toContain("7 seats left");
    expect(html).toMatch(/data-as-of="\d{4}-\d\d-\d\dT/);
  });

  it("offers the API's own filters and sort on each results page, and keeps what was chosen", async () => {
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const routes: Record<keyof typeof REFINE, string> = {
      trips: `/v1/search?origin=LHR&destination=CDG&date=${day(3)}`,
      stays: `/v1/stays/search?place=PAR&check_in=${day(10)}&check_out=${day(12)}`,
      events: `/v1/events/search?place=LON&from=${day(1)}`,
    };
    // Every value a page offers is one its API route accepts.
    const products = Object.keys(REFINE) as (keyof typeof REFINE)[];
    for (const product of products) {
      const choices: Record<string, readonly (readonly [string, string])[]> = REFINE[product];
      for (const [name, options] of Object.entries(choices)) {
        for (const [value] of options.filter(([v]) => v !== "")) {
          const res = await api(`${routes[product]}&${name}=${encodeURIComponent(value)}`, {
            headers: { "cf-connecting-ip": uniqueCaller().ip },
          });
          expect({ product, name, value, status: res.status }).toEqual({ product, name, value, status: 200 });
        }
      }
    }
    const html = await (
      await api(`/stays?place=PAR&check_in=${day(10)}&check_out=${day(12)}&sort=stars&stars=4,5`)
    ).text();
    expect(html).toContain("<legend>Filter and sort</legend>");
    expect(html).toContain('<option value="stars" selected>');
    expect(html).toContain('<option value="4,5" selected>');
    expect(html).toContain('<select name="amenities">');
    const home = await (await api("/")).text();
    expect(home).not.toContain("Filter and sort");
  });

  it("asks the traveller to retry, not a 500, when the API's 2xx answer does not parse", async () => {
    const garbled = async () => new Response("not json", { status: 200 });
    const outcome = await runSearch(garbled, "/v1/search", { origin: "LON" }, ["origin"], ["origin"]);
    expect(outcome).toEqual({
      ok: false,
      problem: {
        code: "ORIGIN_UNAVAILABLE",
        status: 503,
        sentence: "Results are unavailable right now. Try again in a moment.",
        fields: [],
      },
    });
  });

  it("answers a bad search with the problem's status and a sentence, keeping what was typed", async () => {
    const res = await api("/trips?origin=ZZZ&destination=CDG&date=2030-01-15");
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("We do not know that place.");
    expect(html).toContain("Error code UNKNOWN_PLACE");
    expect(html).toContain('value="ZZZ"');
  });

  it("escapes what the traveller sent", async () => {
    const res = await api(`/events?place=${encodeURIComponent('"><script>alert(1)</script>')}`);
    const html = await res.text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;");
  });

  it("shows the form alone until the required fields are there", async () => {
    const res = await api("/stays");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('action="/stays"');
    expect(html).not.toContain('id="results"');
  });

  it("shows an event's tiers with a Reserve form for those on sale and why the others are not", async () => {
    const id = `evt_web_${crypto.randomUUID().slice(0, 8)}`;
    const date = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await insertEventFixture(env.DB, {
      id,
      city: "LIS",
      date,
      name: "Fado at <night>",
      performers: ["Ana Moura"],
      venue: { id: `ven_${id}`, name: "Casa" },
      tiers: [
        { id: "tier_ga", priceMinor: 2500, capacity: 100 },
        { id: "tier_vip", priceMinor: 9000, capacity: 10, remaining: 0 },
      ],
    });
    const res = await api(`/events/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Fado at &lt;night&gt;");
    expect(html).toContain(`<input type="hidden" name="event_id" value="${id}" />`);
    expect(html).toContain('<input type="hidden" name="tier_id" value="tier_ga" />');
    expect(html).not.toContain('value="tier_vip"');
    expect(html).toContain("Sold out");
    const missing = await api("/events/evt_nothing_here");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('role="alert"');
  });
});
