import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import type { InventoryRpc, PoolAvailability } from "../../../inventory/contract";
import { err, ok, type Result } from "../../../lib/result";
import { type DepartureDetails, loadDeparture } from "../details";
import { CABINS, type Cabin, departures, fareClasses } from "../schema";
import { cityPairs } from "./create";

export interface DeparturePatch {
  status?: "scheduled" | "delayed" | "cancelled";
  fares?: { cabin: Cabin; capacity?: number; priceMinor?: number }[];
  reason: string;
}

export interface UpdateDepartureDeps {
  db: Database;
  /** The departure's Durable Object: seats and prices change there first, because it decides. */
  inventory: (departureId: string) => Pick<InventoryRpc, "availability" | "applyOperatorChanges">;
  bumpRouteVersions: (pairs: [string, string][]) => Promise<unknown>;
  now: () => number;
}

/**
 * An operator's change to one departure. Seat and price changes and cancellations go through the
 * Durable Object, which refuses anything that would strand sold or held seats; D1 then mirrors
 * what the object accepted, and every cached search of the route moves to a new version.
 */
export async function updateDeparture({
  deps,
  input,
}: {
  deps: UpdateDepartureDeps;
  input: { id: string; patch: DeparturePatch };
}): Promise<Result<DepartureDetails>> {
  const { id, patch } = input;
  const current = await loadDeparture(deps.db, id);
  if (!current) return err("DEPARTURE_NOT_FOUND", `No departure has the id '${id}'.`);
  if (current.departure.status === "cancelled") {
    return err("DEPARTURE_CANCELLED", "A cancelled departure cannot be changed.");
  }
  const known = new Set(current.fares.map((f) => f.cabin));
  const unknown = patch.fares?.find((f) => !known.has(f.cabin));
  if (unknown) return err("VALIDATION_FAILED", `fares: this departure has no '${unknown.cabin}' class.`);

  const inventory = deps.inventory(id);
  const availability = await applyToInventory(inventory, patch);
  if (!availability.ok) return availability;

  await mirrorInD1(deps.db, id, patch, availability.value, deps.now());
  await deps.bumpRouteVersions(cityPairs([current.departure]));
  const updated = await loadDeparture(deps.db, id);
  return updated ? ok(updated) : err("DEPARTURE_NOT_FOUND", `No departure has the id '${id}'.`);
}

/**
 * One call to the object with the whole change (every fare class, then the cancellation), checked
 * and applied there in one transaction: a hold that lands meanwhile comes before or after it,
 * never between two classes, and a refusal leaves nothing half applied.
 */
async function applyToInventory(
  inventory: ReturnType<UpdateDepartureDeps["inventory"]>,
  patch: DeparturePatch,
): Promise<Result<PoolAvailability[]>> {
  const pools = (patch.fares ?? []).map((f) => ({ pool: f.cabin, ...pick(f) }));
  const cancelUnit = patch.status === "cancelled";
  // A status such as "delayed" is D1's alone: the object is not asked to change anything.
  if (pools.length === 0 && !cancelUnit) return ok(await inventory.availability());
  return inventory.applyOperatorChanges({ reason: patch.reason, pools, cancelUnit });
}

const pick = (f: { capacity?: number; priceMinor?: number }) => ({
  ...(f.capacity !== undefined ? { capacity: f.capacity } : {}),
  ...(f.priceMinor !== undefined ? { priceMinor: f.priceMinor } : {}),
});

async function mirrorInD1(
  db: Database,
  id: string,
  patch: DeparturePatch,
  availability: PoolAvailability[],
  nowMs: number,
): Promise<void> {
  const updatedAt = Math.floor(nowMs / 1000);
  const statusUpdate = db
    .update(departures)
    .set({ updatedAt, ...(patch.status ? { status: patch.status } : {}) })
    .where(eq(departures.id, id));
  // The object also publishes seats_available (absolute, after every hold). Writing our snapshot
  // of it here could overwrite a newer publish, so seats move only by the capacity delta, which
  // commutes with any publish; capacity and price are the operator's and written as accepted.
  const fareUpdates = availability.flatMap((a) => {
    const cabin = CABINS.find((c) => c === a.pool);
    if (!cabin) return [];
    return db
      .update(fareClasses)
      .set({
        seatsAvailable: sql`max(0, ${fareClasses.seatsAvailable} + ${a.capacity} - ${fareClasses.capacity})`,
        capacity: a.capacity,
        priceMinor: a.priceMinor,
        updatedAt,
      })
      .where(and(eq(fareClasses.departureId, id), eq(fareClasses.cabin, cabin)));
  });
  await db.batch([statusUpdate, ...fareUpdates]);
}
