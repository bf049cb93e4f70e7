import { asc, gt, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { UnitListInput, UnitSummary } from "../module";
import { events } from "./schema";

/** Events as the organiser console lists them: their name and city (events_id_unique serves both reads). */
export async function listEventUnits(deps: { db: Database }, input: UnitListInput): Promise<UnitSummary[]> {
  const query = deps.db
    .select({
      id: events.id,
      name: events.name,
      city: events.cityCode,
      startsAt: events.startsAt,
      status: events.status,
    })
    .from(events);
  const rows =
    "ids" in input
      ? input.ids.length > 0
        ? await query.where(inArray(events.id, [...input.ids]))
        : []
      : await query
          .where(input.after === null ? undefined : gt(events.id, input.after))
          .orderBy(asc(events.id))
          .limit(input.limit);
  return rows.map((r) => ({ id: r.id, title: `${r.name} · ${r.city}`, startsAt: r.startsAt, status: r.status }));
}
