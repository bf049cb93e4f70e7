import { asc, gt, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { UnitListInput, UnitSummary } from "../module";
import { properties } from "./schema/properties";

/** Properties as the organiser console lists them: their name and city. */
export async function listPropertyUnits(deps: { db: Database }, input: UnitListInput): Promise<UnitSummary[]> {
  const query = deps.db
    .select({ id: properties.id, name: properties.name, city: properties.cityCode, status: properties.status })
    .from(properties);
  const rows =
    "ids" in input
      ? input.ids.length > 0
        ? await query.where(inArray(properties.id, [...input.ids]))
        : []
      : await query
          .where(input.after === null ? undefined : gt(properties.id, input.after))
          .orderBy(asc(properties.id))
          .limit(input.limit);
  return rows.map((r) => ({ id: r.id, title: `${r.name} · ${r.city}`, startsAt: null, status: r.status }));
}
