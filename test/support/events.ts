import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import { generateCatalogue } from "../../src/products/events/seed";
import { seedProducts, smallScheduleOptions, todayUtc } from "./seed";

/** Days of events the search tests load: enough for ranges across weekends, quick to insert. */
export const EVENT_DAYS = 8;

/** Loads every product for EVENT_DAYS days from today (UTC) and returns the events seed's rows, for models. */
export async function seedEventCatalogue(db: D1Database, days = EVENT_DAYS) {
  const options = smallScheduleOptions({ days });
  await seedProducts(db, options);
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
  client: (path: string) => Promise<Response> = (path) => SELF.fetch(`https://edgefare.test${path}`),
): Promise<SearchBody> {
  const res = await client(eventsPath(query));
  const text = await res.text();
  expect(res.status, text.slice(0, 500)).toBe(200);
  return JSON.parse(text) as SearchBody;
}

export { todayUtc };
