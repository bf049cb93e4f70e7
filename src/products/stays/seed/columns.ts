import type { Columns } from "../../../db/bulk-insert.ts";
import type { ClosureRow, PropertyRow, RateOverrideRow, RoomTypeRow } from "./types.ts";

/** Column order of each table for bulk inserts; test/stays/seed.test.ts checks them against the drizzle tables. */
export const PROPERTY_COLUMNS: Columns<PropertyRow> = [
  ["id", (p) => p.id],
  ["name", (p) => p.name],
  ["city_code", (p) => p.cityCode],
  ["property_type", (p) => p.propertyType],
  ["stars", (p) => p.stars],
  ["lat", (p) => p.lat],
  ["lon", (p) => p.lon],
  ["address", (p) => p.address],
  ["distance_m", (p) => p.distanceM],
  ["amenities", (p) => JSON.stringify(p.amenities)],
  ["check_in_from", (p) => p.checkInFrom],
  ["check_out_until", (p) => p.checkOutUntil],
  ["photos", (p) => JSON.stringify(p.photos)],
  ["policies", (p) => p.policies],
  ["currency", (p) => p.currency],
  ["timezone", (p) => p.timezone],
  ["status", (p) => p.status],
  ["updated_at", (p) => p.updatedAt],
];

export const ROOM_TYPE_COLUMNS: Columns<RoomTypeRow> = [
  ["id", (r) => r.id],
  ["property_id", (r) => r.propertyId],
  ["name", (r) => r.name],
  ["room_count", (r) => r.roomCount],
  ["max_adults", (r) => r.maxAdults],
  ["max_children", (r) => r.maxChildren],
  ["base_rate_minor", (r) => r.baseRateMinor],
  ["weekday_pct", (r) => JSON.stringify(r.weekdayPct)],
  ["seasons", (r) => JSON.stringify(r.seasons)],
  ["min_stay", (r) => r.minStay],
  ["closed_to_arrival", (r) => r.closedToArrival],
  ["free_cancellation_days", (r) => r.freeCancellationDays],
  ["cancellation_penalty_pct", (r) => r.cancellationPenaltyPct],
  ["updated_at", (r) => r.updatedAt],
];

export const RATE_OVERRIDE_COLUMNS: Columns<RateOverrideRow> = [
  ["id", (o) => o.id],
  ["room_type_id", (o) => o.roomTypeId],
  ["from_date", (o) => o.fromDate],
  ["to_date", (o) => o.toDate],
  ["price_minor", (o) => o.priceMinor],
  ["min_stay", (o) => o.minStay],
  ["reason", (o) => o.reason],
  ["created_at", (o) => o.createdAt],
];

export const CLOSURE_COLUMNS: Columns<ClosureRow> = [
  ["id", (c) => c.id],
  ["property_id", (c) => c.propertyId],
  ["room_type_id", (c) => c.roomTypeId],
  ["kind", (c) => c.kind],
  ["from_date", (c) => c.fromDate],
  ["to_date", (c) => c.toDate],
  ["reason", (c) => c.reason],
  ["created_at", (c) => c.createdAt],
];
