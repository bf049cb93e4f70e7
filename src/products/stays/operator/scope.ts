import type { PoolChange } from "../../../inventory/contract";
import { err, ok, type Result } from "../../../lib/result";
import { addDays, daysBetween, localDate } from "../../../lib/time";
import { STAY_LIMITS } from "../config";
import { poolDefinition } from "../inventory/definitions";
import { loadNightFacts, type NightFactsSet, type RoomTypeRow } from "../inventory/nights";
import { nightsOf } from "../rules/rates";
import type { StaysOperatorDeps } from "./deps";

/** A change's nights: from `from` to `to` inclusive, inside today … today + 365 at the property. */
export interface NightRange {
  from: string;
  to: string;
}

/**
 * The property and the room types a change touches (all of them when `roomTypeId` is null), with
 * every override and closure of the bookable year, after the usual refusals: no such property,
 * a closed one, another property's room type, dates before today or past the year at the property.
 */
export async function loadForChange(
  deps: Pick<StaysOperatorDeps, "db" | "now">,
  propertyId: string,
  roomTypeId: string | null,
  range: NightRange,
): Promise<Result<{ facts: NightFactsSet; touched: RoomTypeRow[]; today: string; last: string }>> {
  if (range.to < range.from) {
    return err("INVALID_DATE_RANGE", `to (${range.to}) is before from (${range.from}).`, { field: "to" });
  }
  // The year is read whole: a change's definitions must see every override and closure of its nights.
  const facts = await loadNightFacts(deps.db, propertyId, null, "0000-01-01", "9999-12-31");
  if (!facts) return err("PROPERTY_NOT_FOUND", `No property has the id '${propertyId}'.`);
  if (facts.property.status === "closed") return err("PROPERTY_CLOSED", `Property ${propertyId} is closed.`);
  const touched = roomTypeId === null ? facts.roomTypes : facts.roomTypes.filter((rt) => rt.id === roomTypeId);
  if (touched.length === 0) {
    return err("ROOM_TYPE_NOT_FOUND", `Property ${propertyId} has no room type '${roomTypeId}'.`, {
      field: "room_type_id",
    });
  }
  const today = localDate(deps.now(), facts.property.timezone);
  if (daysBetween(today, range.from) < 0) {
    return err("DATE_IN_PAST", `${range.from} is before today (${today}) at the property.`, { field: "from" });
  }
  const last = addDays(today, STAY_LIMITS.maxDaysAhead);
  if (range.to > last) {
    return err(
      "DATE_TOO_FAR",
      `Nights can be changed up to ${STAY_LIMITS.maxDaysAhead} days ahead; ${range.to} is further.`,
      {
        field: "to",
      },
    );
  }
  return ok({ facts, touched, today, last });
}

/**
 * The object's side of a change already applied to `facts` in memory: for each room type and
 * night, the pool's new definition (materialised if the object has not yet, its rules replaced
 * if it has) and its price, plus whatever `extra` says for the night (a capacity).
 */
export function poolChanges(
  facts: NightFactsSet,
  roomTypes: readonly RoomTypeRow[],
  range: NightRange,
  extra: (night: string, roomType: RoomTypeRow) => Partial<PoolChange> = () => ({}),
): PoolChange[] {
  return roomTypes.flatMap((roomType) =>
    nightsOf(range.from, addDays(range.to, 1)).map((night) => {
      const definition = poolDefinition(facts, roomType, night);
      return { pool: definition.pool, priceMinor: definition.priceMinor, definition, ...extra(night, roomType) };
    }),
  );
}
