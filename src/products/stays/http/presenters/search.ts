import type { z } from "@hono/zod-openapi";
import { presentFreshness } from "../../../../api/page";
import { addDays } from "../../../../lib/time";
import { cityCentre } from "../../city-centres";
import { freeCancellationUntil } from "../../rules/refund";
import type { StaySearchResult } from "../../search/search-stays";
import type { PropertyOffer, RoomOffer } from "../../search/types";
import type { RoomOfferSchema, StayResultSchema, StaySearchResponseSchema } from "../schemas/search";

const money = (amountMinor: number, currency: string) => ({ amount_minor: amountMinor, currency });

/** The total spread over the nights, rounded half up to the minor unit (display only: filters use exact totals). */
const perNight = (totalMinor: number, nights: number) => Math.round(totalMinor / nights);

function presentRoom(offer: RoomOffer, stay: StayContext, currency: string, timezone: string) {
  const { roomType: rt } = offer;
  const freeUntil = freeCancellationUntil(
    { freeCancellationDays: rt.freeCancellationDays, penaltyPct: rt.cancellationPenaltyPct },
    stay.checkIn,
    timezone,
  );
  return {
    room_type_id: rt.id,
    name: rt.name,
    max_adults: rt.maxAdults,
    max_children: rt.maxChildren,
    rooms_left: offer.roomsLeft,
    price: {
      total: money(offer.totalMinor, currency),
      per_night: money(perNight(offer.totalMinor, stay.nights.length), currency),
      nightly: offer.nightlyMinor.map((amount, i) => ({ date: stay.nights[i] ?? "", price: money(amount, currency) })),
      rooms: stay.rooms,
    },
    cancellation: {
      refundable: freeUntil !== null || rt.cancellationPenaltyPct < 100,
      free_until: freeUntil === null ? null : new Date(freeUntil).toISOString(),
      penalty_percent: rt.cancellationPenaltyPct,
    },
  } satisfies z.infer<typeof RoomOfferSchema>;
}

export interface StayContext {
  checkIn: string;
  nights: readonly string[];
  rooms: number;
}

export function presentStayResult(offer: PropertyOffer, stay: StayContext): z.infer<typeof StayResultSchema> {
  const p = offer.property;
  return {
    id: p.id,
    name: p.name,
    property_type: p.propertyType,
    stars: p.stars,
    address: p.address,
    location: { lat: p.lat, lon: p.lon },
    distance_m: p.distanceM,
    amenities: p.amenities,
    photo: p.photo,
    cheapest: {
      total: money(offer.cheapestMinor, p.currency),
      per_night: money(perNight(offer.cheapestMinor, stay.nights.length), p.currency),
    },
    rooms: offer.rooms.map((r) => presentRoom(r, stay, p.currency, p.timezone)),
  };
}

type Body = z.infer<typeof StaySearchResponseSchema>;

export function presentStayMeta(
  result: StaySearchResult,
  party: { rooms: number; adults: number; children: number },
): Body["meta"] {
  const { location, city, nights, freshness } = result;
  return {
    count: result.offers.length,
    total: result.total,
    next_cursor: result.nextCursor,
    place: {
      code: location.code,
      type: location.type,
      city_code: city.code,
      city_name: city.name,
      timezone: city.timezone,
      centre: cityCentre(city.code) ?? null,
    },
    check_in: nights[0] ?? "",
    check_out: addDays(nights.at(-1) ?? "", 1),
    nights: nights.length,
    ...party,
    ...presentFreshness(freshness),
  };
}
