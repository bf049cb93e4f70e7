import type { EventRow, GeneratedEvent, TierRow, VenueRow } from "./types.ts";

type Value = string | number | null | readonly unknown[];
type Columns<T> = readonly (readonly [column: string, pick: (row: T) => Value])[];

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
  ["performers", (e) => e.performers],
  ["description", (e) => e.description],
  ["venue_id", (e) => e.venueId],
  ["city_code", (e) => e.cityCode],
  ["local_date", (e) => e.localDate],
  ["starts_at", (e) => e.startsAt],
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
  ["refund_policy", (t) => t.refundPolicy],
  ["remaining", (t) => t.remaining],
  ["updated_at", (t) => t.updatedAt],
];

/** D1 caps one statement at 100 KB; staying under it keeps the files valid for --remote too. */
const MAX_STATEMENT_BYTES = 90_000;

function literal(value: Value): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} as SQL`);
    return String(value);
  }
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Multi-row INSERTs of at most MAX_STATEMENT_BYTES. With `upsertOn`, a row that exists is updated
 * in place (ON CONFLICT … DO UPDATE), never deleted and re-inserted: the full-text index follows
 * events through their update trigger, which INSERT OR REPLACE would not fire.
 */
function insertStatements<T>(table: string, columns: Columns<T>, rows: readonly T[], upsertOn?: string): string[] {
  const names = columns.map(([c]) => c);
  const head = `INSERT INTO ${table} (${names.join(", ")}) VALUES\n`;
  const tail = upsertOn
    ? `\nON CONFLICT(${upsertOn}) DO UPDATE SET ${names
        .filter((n) => n !== upsertOn)
        .map((n) => `${n} = excluded.${n}`)
        .join(", ")};`
    : ";";
  const statements: string[] = [];
  let tuples: string[] = [];
  let bytes = head.length + tail.length;
  for (const row of rows) {
    const tuple = `(${columns.map(([, pick]) => literal(pick(row))).join(",")})`;
    if (tuples.length > 0 && bytes + tuple.length + 2 > MAX_STATEMENT_BYTES) {
      statements.push(`${head}${tuples.join(",\n")}${tail}`);
      tuples = [];
      bytes = head.length + tail.length;
    }
    tuples.push(tuple);
    bytes += tuple.length + 2;
  }
  if (tuples.length > 0) statements.push(`${head}${tuples.join(",\n")}${tail}`);
  return statements;
}

export function venueStatements(venues: readonly VenueRow[]): string[] {
  return insertStatements("venues", VENUE_COLUMNS, venues, "id");
}

/**
 * Events (upserted), then their tiers replaced wholesale: a re-seed may give an event other
 * tiers (another seed planned a dinner where a concert was), and stale tiers must not survive.
 */
export function eventStatements(batch: readonly GeneratedEvent[]): string[] {
  if (batch.length === 0) return [];
  const ids = batch.map((b) => literal(b.event.id)).join(",");
  return [
    ...insertStatements(
      "events",
      EVENT_COLUMNS,
      batch.map((b) => b.event),
      "id",
    ),
    `DELETE FROM ticket_tiers WHERE event_id IN (${ids});`,
    ...insertStatements(
      "ticket_tiers",
      TIER_COLUMNS,
      batch.flatMap((b) => b.tiers),
    ),
  ];
}
