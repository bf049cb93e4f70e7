import type { ReserveKind } from "./reserve";

/** The fields of a Reserve form (src/web/reserve.ts), as the form posts them. */
export type ReserveFields = Record<string, string>;

/** The hold request a "Reserve" form stands for, by product; the API validates the values. */
const HOLD_BODIES: Record<Exclude<ReserveKind, "itinerary">, (f: ReserveFields) => Record<string, unknown>> = {
  departure: (f) => ({ departure_id: f.departure_id, cabin: f.cabin, passengers: Number(f.passengers ?? 1) }),
  stay: (f) => ({
    property_id: f.property_id,
    room_type_id: f.room_type_id,
    check_in: f.check_in,
    check_out: f.check_out,
    rooms: Number(f.rooms ?? 1),
    adults: Number(f.adults ?? 1),
    children: Number(f.children ?? 0),
  }),
  event: (f) => ({ event_id: f.event_id, tier_id: f.tier_id, quantity: Number(f.quantity ?? 1) }),
};

/** The fields each kind's form carries: all a cart keeps of an item besides its label. */
export const RESERVE_FIELDS: Record<ReserveKind, readonly string[]> = {
  departure: ["departure_id", "cabin", "passengers"],
  stay: ["property_id", "room_type_id", "check_in", "check_out", "rooms", "adults", "children"],
  event: ["event_id", "tier_id", "quantity"],
  itinerary: ["itinerary_id", "passengers"],
};

export const isReserveKind = (kind: string | undefined): kind is ReserveKind =>
  kind !== undefined && Object.hasOwn(RESERVE_FIELDS, kind);

/** One item of POST /v1/trips: a hold body, or every segment of a searched itinerary. */
export function tripItem(kind: ReserveKind, fields: ReserveFields): Record<string, unknown> {
  if (kind === "itinerary") return { itinerary_id: fields.itinerary_id, passengers: Number(fields.passengers ?? 1) };
  return HOLD_BODIES[kind](fields);
}

/**
 * Where a reservation goes: one hold alone is POST /v1/holds; an itinerary (every segment or
 * none) or several items are a trip, POST /v1/trips, checked out at /book/trip/<id>.
 */
export function reserveRequest(items: { kind: ReserveKind; fields: ReserveFields }[]) {
  const [only] = items;
  if (items.length === 1 && only && only.kind !== "itinerary") {
    return { path: "/v1/holds", body: tripItem(only.kind, only.fields), page: "/book/" };
  }
  return { path: "/v1/trips", body: { items: items.map((i) => tripItem(i.kind, i.fields)) }, page: "/book/trip/" };
}
