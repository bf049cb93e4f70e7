import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { toLocalIso } from "../../src/lib/time";
import { getCity } from "../../src/places/catalog";
import { api } from "../support/app-client";
import { type Catalogue, seedEventCatalogue } from "../support/events";

let catalogue: Catalogue;
beforeAll(async () => {
  catalogue = await seedEventCatalogue(env.DB, 3);
});

const get = (id: string) => api(`/v1/events/${id}`);
const iso = (s: number) => new Date(s * 1000).toISOString();
const find = (category: string) => {
  const found = catalogue.events.find((e) => e.event.category === category && e.event.status === "scheduled");
  if (!found) throw new Error(`no ${category} in the seed`);
  return found;
};

describe("GET /v1/events/{id}", () => {
  it("shows a theatre night with its venue, every tier, sales windows and refund steps", async () => {
    const { event, tiers } = find("theatre");
    const venue = catalogue.venues.find((v) => v.id === event.venueId);
    const city = getCity(event.cityCode);
    const res = await get(event.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=15");
    const now = Math.floor(Date.now() / 1000);
    const status = (open: number, close: number) => (now < open ? "not_open" : now < close ? "open" : "closed");
    expect(await res.json()).toEqual({
      id: event.id,
      name: event.name,
      category: "theatre",
      status: "scheduled",
      description: event.description,
      performers: event.performers,
      venue: {
        id: venue?.id,
        name: venue?.name,
        kind: "theatre",
        address: venue?.address,
        city_code: event.cityCode,
        city_name: city?.name,
        country: city?.country,
        lat: venue?.lat,
        lon: venue?.lon,
        capacity: venue?.capacity,
      },
      local_date: event.localDate,
      timezone: event.timezone,
      starts_at: iso(event.startsAt),
      starts_at_local: toLocalIso(event.startsAt * 1000, event.timezone),
      ends_at: iso(event.endsAt),
      ends_at_local: toLocalIso(event.endsAt * 1000, event.timezone),
      // The seed announces doors half an hour before a play.
      doors_open_at_local: toLocalIso((event.startsAt - 1800) * 1000, event.timezone),
      currency: event.currency,
      sales: {
        status: status(event.salesOpenAt, event.salesCloseAt),
        opens_at: iso(event.salesOpenAt),
        closes_at: iso(event.salesCloseAt),
      },
      popularity: event.popularity,
      tiers: tiers.map((t) => ({
        id: t.tierId,
        name: t.name,
        price: { amount_minor: t.priceMinor, currency: event.currency },
        capacity: t.capacity,
        remaining: t.capacity,
        sold_out: false,
        max_per_order: t.maxPerOrder,
        sales: {
          status: status(event.salesOpenAt, event.salesCloseAt),
          opens_at: iso(event.salesOpenAt),
          closes_at: iso(event.salesCloseAt),
        },
        refund_policy: {
          refundable: true,
          rules: [
            { until: iso(event.startsAt - 168 * 3600), hours_before: 168, refund_bps: 10_000 },
            { until: iso(event.startsAt - 48 * 3600), hours_before: 48, refund_bps: 5_000 },
          ],
          summary: "Full refund until 7 days before the start; 50 % refund until 2 days before the start; none after.",
        },
      })),
      updated_at: iso(event.updatedAt),
    });
  });

  it("shows a dinner's tables of six, two seats an order, refundable until three days ahead", async () => {
    const { event, tiers } = find("dinner");
    const body = await (await get(event.id)).json<{ tiers: Record<string, unknown>[] }>();
    expect(body.tiers).toHaveLength(tiers.length);
    for (const [i, tier] of body.tiers.entries()) {
      expect(tier).toMatchObject({
        id: `tier_table_${i + 1}`,
        name: `Table ${i + 1}`,
        capacity: 6,
        max_per_order: 2,
        refund_policy: { refundable: true, summary: "Full refund until 3 days before the start; none after." },
      });
    }
  });

  it("says when a tier is not refundable and when its own window closes earlier (early bird)", async () => {
    const withEarlyBird = catalogue.events.find((e) => e.tiers.some((t) => t.tierId === "tier_early_bird"));
    if (!withEarlyBird) throw new Error("no early-bird tier in the seed");
    const body = await (await get(withEarlyBird.event.id)).json<{ tiers: Record<string, unknown>[] }>();
    const early = body.tiers.find((t) => t.id === "tier_early_bird");
    const closes = withEarlyBird.tiers.find((t) => t.tierId === "tier_early_bird")?.salesCloseAt ?? 0;
    expect(early).toMatchObject({
      sales: { closes_at: iso(closes) },
      refund_policy: { refundable: false, rules: [], summary: "Not refundable." },
    });
    expect(closes).toBe(withEarlyBird.event.startsAt - 21 * 86_400);
  });

  it("shows advisory remaining counts as published to D1, and sold-out tiers", async () => {
    const { event, tiers } = find("concert");
    const tier = tiers[0];
    await env.DB.prepare("UPDATE ticket_tiers SET remaining = 0 WHERE event_id = ? AND tier_id = ?")
      .bind(event.id, tier?.tierId)
      .run();
    const body = await (await get(event.id)).json<{ tiers: { id: string; remaining: number; sold_out: boolean }[] }>();
    expect(body.tiers[0]).toMatchObject({ id: tier?.tierId, remaining: 0, sold_out: true });
  });

  it("still shows a cancelled event, as cancelled", async () => {
    const cancelled = catalogue.events.find((e) => e.event.status === "cancelled");
    if (!cancelled) throw new Error("no cancelled event in the seed");
    const body = await (await get(cancelled.event.id)).json<{ status: string }>();
    expect(body.status).toBe("cancelled");
  });
});
