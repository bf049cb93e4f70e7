import type { z } from "@hono/zod-openapi";
import type { Calendar } from "../../details/calendar";
import type { PropertyDetails } from "../../details/load-property";
import type { CalendarResponseSchema, PropertySchema, RoomTypeSchema } from "../schemas/property";
import { WEEKDAYS } from "../schemas/property";

const money = (amountMinor: number, currency: string) => ({ amount_minor: amountMinor, currency });

function presentRoomType(rt: PropertyDetails["roomTypes"][number], currency: string): z.infer<typeof RoomTypeSchema> {
  return {
    id: rt.id,
    name: rt.name,
    room_count: rt.roomCount,
    max_adults: rt.maxAdults,
    max_children: rt.maxChildren,
    base_rate: money(rt.baseRateMinor, currency),
    weekday_percent: Object.fromEntries(WEEKDAYS.map((day, i) => [day, rt.weekdayPct[i] ?? 100])) as Record<
      (typeof WEEKDAYS)[number],
      number
    >,
    seasons: rt.seasons.map((s) => ({ from: s.from, to: s.to, percent: s.pct })),
    min_stay: rt.minStay,
    closed_to_arrival: WEEKDAYS.filter((_, i) => ((rt.closedToArrival >> i) & 1) === 1),
    cancellation: { free_until_days_before: rt.freeCancellationDays, penalty_percent: rt.cancellationPenaltyPct },
  };
}

export function presentProperty({ property: p, roomTypes }: PropertyDetails): z.infer<typeof PropertySchema> {
  return {
    id: p.id,
    name: p.name,
    property_type: p.propertyType,
    stars: p.stars,
    status: p.status,
    city_code: p.cityCode,
    address: p.address,
    location: { lat: p.lat, lon: p.lon },
    distance_m: p.distanceM,
    amenities: p.amenities,
    check_in_from: p.checkInFrom,
    check_out_until: p.checkOutUntil,
    photos: p.photos,
    policies: p.policies,
    currency: p.currency,
    timezone: p.timezone,
    room_types: roomTypes.map((rt) => presentRoomType(rt, p.currency)),
    updated_at: new Date(p.updatedAt * 1000).toISOString(),
  };
}

export function presentCalendar(calendar: Calendar): z.infer<typeof CalendarResponseSchema> {
  const { property, roomType, nights } = calendar;
  return {
    data: nights.map((n) => ({
      date: n.date,
      available: !n.closed && n.roomsLeft > 0,
      rooms_left: n.roomsLeft,
      price: money(n.priceMinor, property.currency),
      closed: n.closed,
      closed_to_arrival: n.closedToArrival,
      min_stay: n.minStay,
    })),
    meta: {
      property_id: property.id,
      room_type_id: roomType.id,
      room_type_name: roomType.name,
      room_count: roomType.roomCount,
      from: nights[0]?.date ?? "",
      to: nights.at(-1)?.date ?? "",
      timezone: property.timezone,
    },
  };
}
