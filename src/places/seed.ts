import { type Columns, insertStatements } from "../db/bulk-insert.ts";
import type { Place } from "./cities.ts";

/**
 * The place catalogue's rows in D1 (`places`) as SQL text, loaded by `npm run seed` before
 * every product's seed (seed-d1.ts loads them through a binding).
 */
export const PLACE_COLUMNS: Columns<Place> = [
  ["code", (p) => p.code],
  ["name", (p) => p.name],
  ["kind", (p) => p.kind],
  ["city_code", (p) => p.cityCode],
  ["city_name", (p) => p.cityName],
  ["country", (p) => p.country],
  ["lat", (p) => p.lat],
  ["lon", (p) => p.lon],
  ["timezone", (p) => p.timezone],
];

export function placesStatements(places: readonly Place[]): string[] {
  return insertStatements("places", PLACE_COLUMNS, places);
}
