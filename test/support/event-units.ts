import type { RefundRule } from "../../src/products/events/model";

/** One event with chosen tiers and windows, written straight to D1 (epoch seconds). Ids are unique per call. */
export interface EventUnitFixture {
  city?: string;
  startsAt?: number;
  status?: "scheduled" | "cancelled";
  salesOpenAt?: number;
  salesCloseAt?: number;
  currency?: string;
  tiers?: {
    id: string;
    name?: string;
    capacity: number;
    priceMinor?: number;
    maxPerOrder?: number;
    salesOpenAt?: number | null;
    salesCloseAt?: number | null;
    refund?: RefundRule[];
    remaining?: number;
  }[];
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export const DAY = 86_400;

export async function insertEventUnit(db: D1Database, f: EventUnitFixture = {}) {
  const id = `evt_fx${unique()}`;
  const venueId = `ven_fx${unique()}`;
  const now = Math.floor(Date.now() / 1000);
  const startsAt = f.startsAt ?? now + 30 * DAY;
  const salesOpenAt = f.salesOpenAt ?? now - 10 * DAY;
  const salesCloseAt = f.salesCloseAt ?? startsAt - 3600;
  const city = f.city ?? "LON";
  const date = new Date(startsAt * 1000).toISOString().slice(0, 10);
  const tiers = f.tiers ?? [{ id: "tier_ga", capacity: 100, priceMinor: 2500, maxPerOrder: 4 }];
  await db.batch([
    db
      .prepare(
        `INSERT INTO venues (id, name, kind, city_code, address, lat, lon, capacity, timezone, updated_at)
         VALUES (?1, 'The Fixture Hall', 'concert_hall', ?2, '1 Test Street, London', 51.5, -0.1, 10000, 'Europe/London', 0)`,
      )
      .bind(venueId, city),
    db
      .prepare(
        `INSERT INTO events (id, name, category, performers, description, venue_id, city_code, local_date, starts_at,
           ends_at, timezone, currency, status, sales_open_at, sales_close_at, popularity, updated_at)
         VALUES (?1, 'Fixture Night', 'concert', '["The Fixtures","Support Act"]', 'A fixture.', ?2, ?3, ?4, ?5,
           ?5 + 7200, 'Europe/London', ?6, ?7, ?8, ?9, 50, 0)`,
      )
      .bind(id, venueId, city, date, startsAt, f.currency ?? "GBP", f.status ?? "scheduled", salesOpenAt, salesCloseAt),
    ...tiers.map((t, i) =>
      db
        .prepare(
          `INSERT INTO ticket_tiers (event_id, tier_id, position, name, capacity, price_minor, max_per_order,
             sales_open_at, sales_close_at, refund_policy, remaining, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0)`,
        )
        .bind(
          id,
          t.id,
          i,
          t.name ?? `Tier ${t.id}`,
          t.capacity,
          t.priceMinor ?? 2500,
          t.maxPerOrder ?? Math.min(4, t.capacity),
          t.salesOpenAt ?? null,
          t.salesCloseAt ?? null,
          JSON.stringify(t.refund ?? []),
          t.remaining ?? t.capacity,
        ),
    ),
  ]);
  return { id, venueId, city, startsAt, salesOpenAt, salesCloseAt, tiers };
}
