import { type Columns, insertStatements, sqlLiteral } from "../../../db/bulk-insert.ts";
import type { EventRow, GeneratedEvent, TierRow, VenueRow } from "./types.ts";

const VENUE_COLUMNS: Columns<VenueRow> = [
  ["id", (v) => v.id],
  ["name", (v) => v.name],
  ["kind", (v) => v.kind],
  ["city_code", (v) => v.cityCode],
  ["address", (v) => v.address],
  ["lat", (v) => v.lat],
  ["lon", (v) => v.lon],
  ["capacity", (v) => v.capacity],
  ["timezone", (v) => v.timezone],
  ["updated_at", (v) => v.updatedAt],
];

const EVENT_COLUMNS: Columns<EventRow> = [
  ["id", (e) => e.id],
  ["name", (e) => e.name],
  ["category", (e) => e.category],
  ["performers", (e) => JSON.stringify(e.performers)],
  ["description", (e) => e.description],
  ["venue_id", (e) => e.venueId],
  ["city_code", (e) => e.cityCode],
  ["local_date", (e) => e.localDate],
  ["starts_at", (e) => e.startsAt],
  ["doors_open_at", (e) => e.doorsOpenAt],
  ["ends_at", (e) => e.endsAt],
  ["timezone", (e) => e.timezone],
  ["currency", (e) => e.currency],
  ["status", (e) => e.status],
  ["sales_open_at", (e) => e.salesOpenAt],
  ["sales_close_at", (e) => e.salesCloseAt],
  ["popularity", (e) => e.popularity],
  ["updated_at", (e) => e.updatedAt],
];

const TIER_COLUMNS: Columns<TierRow> = [
  ["event_id", (t) => t.eventId],
  ["tier_id", (t) => t.tierId],
  ["position", (t) => t.position],
  ["name", (t) => t.name],
  ["capacity", (t) => t.capacity],
  ["price_minor", (t) => t.priceMinor],
  ["max_per_order", (t) => t.maxPerOrder],
  ["sales_open_at", (t) => t.salesOpenAt],
  ["sales_close_at", (t) => t.salesCloseAt],
  ["refund_policy", (t) => JSON.stringify(t.refundPolicy)],
  ["remaining", (t) => t.remaining],
  ["updated_at", (t) => t.updatedAt],
];

export function venueStatements(venues: readonly VenueRow[]): string[] {
  return insertStatements("venues", VENUE_COLUMNS, venues, { upsertOn: "id" });
}

/**
 * Events (upserted), then their tiers replaced wholesale: a re-seed may give an event other
 * tiers (another seed planned a dinner where a concert was), and stale tiers must not survive.
 */
export function eventStatements(batch: readonly GeneratedEvent[]): string[] {
  if (batch.length === 0) return [];
  const ids = batch.map((b) => sqlLiteral(b.event.id)).join(",");
  return [
    ...insertStatements(
      "events",
      EVENT_COLUMNS,
      batch.map((b) => b.event),
      { upsertOn: "id" },
    ),
    `DELETE FROM ticket_tiers WHERE event_id IN (${ids});`,
    ...insertStatements(
      "ticket_tiers",
      TIER_COLUMNS,
      batch.flatMap((b) => b.tiers),
    ),
  ];
}
