import { expect } from "vitest";
import { generateCatalogue } from "../../src/products/events/seed";
import { api } from "./app-client";
import { seedProduct, smallScheduleOptions } from "./seed";

/** Days of events the search tests load: enough for ranges across weekends, quick to insert. */
export const EVENT_DAYS = 8;

/** Loads every product for EVENT_DAYS days from today (UTC) and returns the events seed's rows, for models. */
export async function seedEventCatalogue(db: D1Database, days = EVENT_DAYS) {
  const options = smallScheduleOptions({ days });
  await seedProduct(db, "events", options);
  return generateCatalogue(options);
}

export type Catalogue = ReturnType<typeof generateCatalogue>;

export interface Card {
  id: string;
  name: string;
  category: string;
  performers: string[];
  venue: { id: string; name: string; kind: string };
  city_code: string;
  local_date: string;
  starts_at: string;
  price_from: { amount_minor: number; currency: string };
  remaining: number;
  sold_out: boolean;
  sales: { status: string; opens_at: string; closes_at: string };
  popularity: number;
}

export interface SearchBody {
  data: Card[];
  meta: {
    count: number;
    total: number;
    next_cursor: string | null;
    from: string;
    to: string;
    tier: string;
    as_of: string;
    age_s: number;
    max_stale_s: number;
    stale: boolean;
    cache: Record<string, number>;
    place: Record<string, string>;
  };
  links: { self: string; next: string | null };
}

export const eventsPath = (query: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  return `/v1/events/search?${params}`;
};

/** A 200 search through the Worker itself (SELF), or through `client` when given. */
export async function searchOk(
  query: Record<string, string | number | undefined>,
  client: (path: string) => Promise<Response> = api,
): Promise<SearchBody> {
  const res = await client(eventsPath(query));
  const text = await res.text();
  expect(res.status, text.slice(0, 500)).toBe(200);
  return JSON.parse(text) as SearchBody;
}

export interface EventFixture {
  id: string;
  city: string;
  date: string;
  name: string;
  performers: string[];
  venue: { id: string; name: string };
  category?: string;
  /** Local hour (UTC offset ignored: the fixture cities are on UTC in winter or close to it). */
  hour?: number;
  tiers?: { id: string; priceMinor: number; capacity: number; remaining?: number }[];
}

/** One venue and event written straight to D1, for assertions about exact names. */
export async function insertEventFixture(db: D1Database, f: EventFixture): Promise<void> {
  const startsAt = Date.parse(`${f.date}T00:00:00Z`) / 1000 + (f.hour ?? 20) * 3600;
  const tiers = f.tiers ?? [{ id: "tier_ga", priceMinor: 2500, capacity: 100 }];
  await db.batch([
    db
      .prepare(
        `INSERT INTO venues (id, name, kind, city_code, address, lat, lon, capacity, timezone, updated_at)
         VALUES (?1, ?2, 'concert_hall', ?3, '1 Test Street', 0, 0, 10000, 'UTC', 0)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name`,
      )
      .bind(f.venue.id, f.venue.name, f.city),
    db
      .prepare(
        `INSERT INTO events (id, name, category, performers, description, venue_id, city_code, local_date, starts_at,
           ends_at, timezone, currency, status, sales_open_at, sales_close_at, popularity, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'A fixture.', ?5, ?6, ?7, ?8, ?8 + 7200, 'UTC', 'GBP', 'scheduled', 0, ?8 - 3600, 50, 0)`,
      )
      .bind(f.id, f.name, f.category ?? "concert", JSON.stringify(f.performers), f.venue.id, f.city, f.date, startsAt),
    ...tiers.map((t, i) =>
      db
        .prepare(
          `INSERT INTO ticket_tiers (event_id, tier_id, position, name, capacity, price_minor, max_per_order,
             sales_open_at, sales_close_at, refund_policy, remaining, updated_at)
           VALUES (?1, ?2, ?3, ?2, ?4, ?5, 1, NULL, NULL, '[]', ?6, 0)`,
        )
        .bind(f.id, t.id, i, t.capacity, t.priceMinor, t.remaining ?? t.capacity),
    ),
  ]);
}
