import { asc, gt, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { UnitListInput, UnitSummary } from "../module";
import { departures } from "./schema";

/** Departures as the organiser console lists them: "Lumen LM 101 · LON → PAR". */
export async function listDepartureUnits(deps: { db: Database }, input: UnitListInput): Promise<UnitSummary[]> {
  const query = deps.db
    .select({
      id: departures.id,
      operator: departures.operator,
      number: departures.number,
      origin: departures.originCode,
      destination: departures.destinationCode,
      departsAt: departures.departsAt,
      status: departures.status,
    })
    .from(departures);
  const rows =
    "ids" in input
      ? input.ids.length > 0
        ? await query.where(inArray(departures.id, [...input.ids]))
        : []
      : await query
          .where(input.after === null ? undefined : gt(departures.id, input.after))
          .orderBy(asc(departures.id))
          .limit(input.limit);
  return rows.map((r) => ({
    id: r.id,
    title: `${r.operator} ${r.number} · ${r.origin} → ${r.destination}`,
    startsAt: r.departsAt,
    status: r.status,
  }));
}
