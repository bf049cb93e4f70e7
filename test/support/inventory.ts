import { env, runInDurableObject } from "cloudflare:test";
import type { InventoryRpc, OperatorChanges } from "../../src/inventory/contract";
import { inventoryStub } from "../../src/inventory/stub";
import type { InventoryObject } from "../../workers/inventory-object";
import { type DepartureFixture, insertDeparture } from "./fixtures";

/** A departure id no other test uses, so objects and D1 rows never leak between tests. */
export function uniqueDepartureId(label: string): string {
  return `dep_${label}_${crypto.randomUUID().slice(0, 8)}`;
}

export function inventoryObject(departureId: string): DurableObjectStub<InventoryObject> {
  return env.INVENTORY.getByName(departureId);
}

/** Runs `fn` against the live object (its own SQLite, alarms and clock), not a copy. */
export function withInventory<R>(
  departureId: string,
  fn: (object: InventoryObject, state: DurableObjectState) => R | Promise<R>,
): Promise<R> {
  return runInDurableObject(inventoryObject(departureId), fn);
}

/** Seeds a departure in D1 and returns its id. */
export async function seedDeparture(label: string, fixture: Omit<DepartureFixture, "id"> = {}): Promise<string> {
  const id = uniqueDepartureId(label);
  await insertDeparture(env.DB, { id, ...fixture });
  return id;
}

/** A clock the test moves by hand; installed on the object so holds expire without waiting. */
export function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A seeded departure, its object reached through the production stub, and a clock the test controls. */
export async function openInventory(label: string, fixture: Omit<DepartureFixture, "id"> = {}) {
  const departureId = await seedDeparture(label, fixture);
  const clock = manualClock();
  await withInventory(departureId, (object) => {
    object.clock = clock;
  });
  return { departureId, clock, inventory: inventoryStub(env, departureId) };
}

/** A hold of `seats` on one cabin, as the departures product asks the engine for it. */
export function seatHold(departureId: string, holdId: string, seats = 1, cabin = "economy", ttlSeconds = 600) {
  return { holdId, unitId: departureId, lines: [{ pool: cabin, quantity: seats }], ttlSeconds };
}

/** An operator change in the departures' words (one cabin, or cancelling the departure). */
export interface CabinChange {
  cabin?: string;
  capacity?: number;
  priceMinor?: number;
  cancelDeparture?: boolean;
  reason: string;
}

export function cabinChanges(changes: CabinChange[]): OperatorChanges {
  const pools = changes
    .filter((c) => c.cabin !== undefined || c.capacity !== undefined || c.priceMinor !== undefined)
    .map((c) => ({
      pool: c.cabin ?? "",
      ...(c.capacity !== undefined ? { capacity: c.capacity } : {}),
      ...(c.priceMinor !== undefined ? { priceMinor: c.priceMinor } : {}),
    }));
  const cancelUnit = changes.some((c) => c.cancelDeparture);
  return {
    reason: changes[0]?.reason ?? "",
    ...(pools.length > 0 ? { pools } : {}),
    ...(cancelUnit ? { cancelUnit } : {}),
  };
}

export function applyCabinChange(inventory: Pick<InventoryRpc, "applyOperatorChanges">, change: CabinChange) {
  return inventory.applyOperatorChanges(cabinChanges([change]));
}
