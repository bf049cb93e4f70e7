import { env, runInDurableObject } from "cloudflare:test";
import { inventoryStub } from "../../src/inventory/stub";
import type { FaultPoint } from "../../src/trips/contract";
import type { TripItemRequest } from "../../src/trips/model";
import { tripStub } from "../../src/trips/stub";
import { newTripId } from "../../src/trips/trip-id";
import type { TripCoordinator } from "../../workers/trip-coordinator";
import { manualClock, seedDeparture } from "./inventory";

export function tripObject(tripId: string): DurableObjectStub<TripCoordinator> {
  return env.TRIPS.getByName(tripId);
}

/** A fresh trip's coordinator, on a clock the test moves. */
export async function openTrip() {
  const tripId = newTripId();
  const trip = tripStub(env, tripId);
  const clock = manualClock();
  await runInDurableObject(tripObject(tripId), (object) => {
    object.deps.clock = clock;
  });
  return { tripId, trip, clock };
}

/**
 * Calls the object from inside it: a simulated crash then rejects this promise only (through RPC,
 * workerd would also report the DO's rejection as unhandled in the test's isolate).
 */
export function inObject<R>(tripId: string, fn: (object: TripCoordinator) => Promise<R>): Promise<R> {
  return runInDurableObject(tripObject(tripId), (object) => fn(object));
}

/** Installs a crash at one step of one item, once: the call throws there, with what was stored so far. */
export function crashAt(tripId: string, point: FaultPoint, index: number): Promise<void> {
  return runInDurableObject(tripObject(tripId), (object) => {
    let crashed = false;
    object.deps.faults = {
      at(p, i) {
        if (crashed || p !== point || i !== index) return;
        crashed = true;
        throw new Error(`simulated crash ${point} item ${index}`);
      },
    };
  });
}

/** Departures with `seats` economy seats each (the units of a trip's items). */
export function seedUnits(label: string, count: number, seats: number, currency = "GBP"): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      seedDeparture(`${label}${i}`, { fares: [{ cabin: "economy", capacity: seats, priceMinor: 10_000, currency }] }),
    ),
  );
}

export const seatItem = (unitId: string, seats = 1): TripItemRequest => ({
  unitId,
  lines: [{ pool: "economy", quantity: seats }],
});

/** Economy seats held on a departure's object. */
export async function heldSeats(unitId: string): Promise<number> {
  const rows = await inventoryStub(env, unitId).availability();
  return rows.find((r) => r.pool === "economy")?.held ?? 0;
}

/** Every object's ledger replays to its counts (the engine's audit). */
export async function audited(unitIds: string[]): Promise<boolean[]> {
  return Promise.all(unitIds.map(async (u) => (await inventoryStub(env, u).audit()).ok));
}
