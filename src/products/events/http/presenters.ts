import type { z } from "@hono/zod-openapi";
import { presentFreshness } from "../../../api/page";
import { toLocalIso } from "../../../lib/time";
import { getCity } from "../../../places/catalog";
import type { EventDetails } from "../details";
import { refundSummary } from "../refund-policy";
import { salesStatus } from "../search/results";
import type { EventSearchResult } from "../search/search-events";
import type { EventResult } from "../search/types";
import type { EventCardSchema, EventSchema, EventSearchResponse, TicketTierSchema } from "./schemas";

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

function times(e: { localDate: string; timezone: string; startsAt: number; endsAt: number }) {
  return {
    local_date: e.localDate,
    timezone: e.timezone,
    starts_at: iso(e.startsAt),
    starts_at_local: toLocalIso(e.startsAt * 1000, e.timezone),
    ends_at: iso(e.endsAt),
    ends_at_local: toLocalIso(e.endsAt * 1000, e.timezone),
  };
}

const sales = (openAt: number, closeAt: number, nowSeconds: number) => ({
  status: salesStatus(openAt, closeAt, nowSeconds),
  opens_at: iso(openAt),
  closes_at: iso(closeAt),
});

export function presentCard(r: EventResult): z.infer<typeof EventCardSchema> {
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    performers: r.performers,
    venue: r.venue,
    city_code: r.cityCode,
    ...times(r),
    price_from: { amount_minor: r.priceFromMinor, currency: r.currency },
    remaining: r.remaining,
    sold_out: r.remaining === 0,
    sales: { status: r.sales.status, opens_at: iso(r.sales.openAt), closes_at: iso(r.sales.closeAt) },
    popularity: r.popularity,
  };
}

type SearchBody = z.infer<typeof EventSearchResponse>;

export function presentSearchMeta(result: EventSearchResult): SearchBody["meta"] {
  const { search, freshness } = result;
  return {
    count: result.events.length,
    total: result.total,
    next_cursor: result.nextCursor,
    place: {
      code: search.place.code,
      type: search.place.type,
      city_code: search.city.code,
      city_name: search.city.name,
      timezone: search.city.timezone,
    },
    from: search.range.from,
    to: search.range.to,
    ...presentFreshness(freshness),
    cache: result.servedCounts,
  };
}

function presentTier(
  t: EventDetails["tiers"][number],
  d: EventDetails,
  nowSeconds: number,
): z.infer<typeof TicketTierSchema> {
  const { event } = d;
  return {
    id: t.tierId,
    name: t.name,
    price: { amount_minor: t.priceMinor, currency: event.currency },
    capacity: t.capacity,
    remaining: t.remaining,
    sold_out: t.remaining === 0,
    max_per_order: t.maxPerOrder,
    sales: sales(t.salesOpenAt ?? event.salesOpenAt, t.salesCloseAt ?? event.salesCloseAt, nowSeconds),
    refund_policy: {
      refundable: t.refundPolicy.length > 0,
      rules: t.refundPolicy.map((r) => ({
        until: iso(event.startsAt - r.hours_before * 3600),
        hours_before: r.hours_before,
        refund_bps: r.refund_bps,
      })),
      summary: refundSummary(t.refundPolicy),
    },
  };
}

export function presentEvent(d: EventDetails, nowMs: number): z.infer<typeof EventSchema> {
  const { event: e, venue: v } = d;
  const nowSeconds = Math.floor(nowMs / 1000);
  const city = getCity(v.cityCode);
  return {
    id: e.id,
    name: e.name,
    category: e.category,
    status: e.status,
    description: e.description,
    performers: e.performers,
    venue: {
      id: v.id,
      name: v.name,
      kind: v.kind,
      address: v.address,
      city_code: v.cityCode,
      city_name: city?.name ?? v.cityCode,
      country: city?.country ?? "",
      lat: v.lat,
      lon: v.lon,
      capacity: v.capacity,
    },
    ...times(e),
    doors_open_at_local: e.doorsOpenAt === null ? null : toLocalIso(e.doorsOpenAt * 1000, e.timezone),
    currency: e.currency,
    sales: sales(e.salesOpenAt, e.salesCloseAt, nowSeconds),
    popularity: e.popularity,
    tiers: d.tiers.map((t) => presentTier(t, d, nowSeconds)),
    updated_at: iso(e.updatedAt),
  };
}
