import { inArray } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { randomId } from "../../../lib/ids";
import { err, ok, type Result } from "../../../lib/result";
import { getPlace } from "../../../places/catalog";
import { departures, fareClasses } from "../schema";
import { checkNewDeparture, type NewDeparture } from "./validate";

export interface CreateDeparturesDeps {
  db: Database;
  bumpRouteVersions: (pairs: [string, string][]) => Promise<unknown>;
  now: () => number;
}

/** D1 refuses more than 100 bound parameters in one statement. */
const ID_CHUNK = 90;

/**
 * Adds departures in one atomic D1 batch: either every departure and fare class is written or
 * none is. Ids given by the operator must be new; then the caches of every affected route move on.
 */
export async function createDepartures({
  deps,
  input,
}: {
  deps: CreateDeparturesDeps;
  input: NewDeparture[];
}): Promise<Result<{ ids: string[] }>> {
  const nowMs = deps.now();
  const rows: { departure: typeof departures.$inferInsert; fares: (typeof fareClasses.$inferInsert)[] }[] = [];
  for (const [index, d] of input.entries()) {
    const checked = checkNewDeparture(d, index, nowMs);
    if (!checked.ok) return checked;
    const id = d.id ?? randomId("dep");
    const updatedAt = Math.floor(nowMs / 1000);
    rows.push({
      departure: {
        id,
        mode: d.mode,
        operator: d.operator,
        number: d.number,
        originCode: d.originCode,
        destinationCode: d.destinationCode,
        serviceDate: checked.value.serviceDate,
        departsAt: d.departsAt,
        arrivesAt: d.arrivesAt,
        durationMinutes: Math.round((d.arrivesAt - d.departsAt) / 60),
        status: "scheduled",
        updatedAt,
      },
      fares: d.fares.map((f) => ({ departureId: id, ...f, seatsAvailable: f.capacity, updatedAt })),
    });
  }
  const ids = rows.map((r) => r.departure.id);
  if (new Set(ids).size !== ids.length) return err("VALIDATION_FAILED", "Departure ids in one request must be unique.");
  const taken = await existingIds(deps.db, ids);
  if (taken.length > 0) {
    return err("DEPARTURE_EXISTS", `These departure ids exist already: ${taken.join(", ")}.`, { existing_ids: taken });
  }

  const [first, ...rest] = rows.flatMap((r) => [
    deps.db.insert(departures).values(r.departure),
    deps.db.insert(fareClasses).values(r.fares),
  ]);
  try {
    if (first) await deps.db.batch([first, ...rest]);
  } catch (error) {
    // Another request inserted one of these ids between our check and this batch; the batch rolled back.
    if (String(error).includes("UNIQUE constraint failed")) {
      return err("DEPARTURE_EXISTS", "One of these departure ids was created concurrently; nothing was written.");
    }
    throw error;
  }
  await deps.bumpRouteVersions(cityPairs(input));
  return ok({ ids });
}

async function existingIds(db: Database, ids: string[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    const rows = await db.select({ id: departures.id }).from(departures).where(inArray(departures.id, chunk));
    found.push(...rows.map((r) => r.id));
  }
  return found;
}

export function cityPairs(items: { originCode: string; destinationCode: string }[]): [string, string][] {
  return items.map((d) => [
    getPlace(d.originCode)?.cityCode ?? d.originCode,
    getPlace(d.destinationCode)?.cityCode ?? d.destinationCode,
  ]);
}
