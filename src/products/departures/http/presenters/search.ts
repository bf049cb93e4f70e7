import type { z } from "@hono/zod-openapi";
import { presentFreshness } from "../../../../api/page";
import type { Freshness } from "../../../../cache/freshness";
import { toLocalIso, toUtcIso } from "../../../../lib/time";
import { getPlace } from "../../../../places/catalog";
import type { SearchResult } from "../../search/search-trips";
import type { Offer, Segment } from "../../search/types";
import type { OfferSchema, PlaceRefSchema, SearchResponseSchema, SegmentSchema } from "../schemas/search";

type PlaceRef = z.infer<typeof PlaceRefSchema>;

export function placeRef(code: string): PlaceRef {
  const place = getPlace(code);
  return place
    ? { code, name: place.name, city_code: place.cityCode, city_name: place.cityName, timezone: place.timezone }
    : { code, name: code, city_code: code, city_name: code, timezone: "UTC" };
}

const iso = (epochSeconds: number) => toUtcIso(epochSeconds * 1000);

function presentSegment(s: Segment): z.infer<typeof SegmentSchema> {
  const origin = placeRef(s.origin);
  const destination = placeRef(s.destination);
  return {
    departure_id: s.departureId,
    mode: s.mode,
    operator: s.operator,
    number: s.number,
    origin,
    destination,
    departs_at: iso(s.departsAt),
    departs_at_local: toLocalIso(s.departsAt * 1000, origin.timezone),
    arrives_at: iso(s.arrivesAt),
    arrives_at_local: toLocalIso(s.arrivesAt * 1000, destination.timezone),
    duration_minutes: s.durationMinutes,
    status: s.status,
  };
}

export function presentOffer(o: Offer, passengers: number): z.infer<typeof OfferSchema> {
  return {
    id: o.id,
    departure_id: o.departureId,
    fare_class: o.cabin,
    segments: o.segments.map(presentSegment),
    departs_at: iso(o.departsAt),
    arrives_at: iso(o.arrivesAt),
    duration_minutes: o.durationMinutes,
    price: {
      per_passenger: { amount_minor: o.pricePerPassenger.amountMinor, currency: o.pricePerPassenger.currency },
      total: { amount_minor: o.totalPrice.amountMinor, currency: o.totalPrice.currency },
      passengers,
    },
    seats_left: o.seatsLeft,
    connections: o.connections,
    layover_minutes: o.layoverMinutes,
  };
}

type SearchBody = z.infer<typeof SearchResponseSchema>;

/** The meta of one list: its page and what it searched between. */
export function presentListMeta(result: SearchResult): NonNullable<SearchBody["return"]>["meta"] {
  const location = (l: SearchResult["origin"]) => ({
    code: l.code,
    type: l.type,
    city_code: l.cityCode,
    place_codes: l.placeCodes,
  });
  return {
    count: result.offers.length,
    total: result.total,
    next_cursor: result.nextCursor,
    origin: location(result.origin),
    destination: location(result.destination),
  };
}

/** The answer's meta: the (outbound) list's, and the freshness of everything the answer was built from. */
export function presentMeta(result: SearchResult, freshness: Freshness = result.freshness): SearchBody["meta"] {
  return { ...presentListMeta(result), ...presentFreshness(freshness) };
}
