import { recordUnitCancellation } from "../src/bookings/operator-cancel";
import { createDb } from "../src/db/client";
import type { AppEnv } from "../src/env";
import type { UnitDefinition } from "../src/inventory/contract";
import { strandedHolds } from "../src/inventory/reports";
import type { InventoryStore } from "../src/inventory/store";
import type { Clock } from "../src/lib/clock";
import type { Logger } from "../src/lib/logger";

/**
 * Deletes every table and the alarm once nothing is pending (the caller checks the retention
 * after the unit closed has passed). D1 keeps the bookings; a later call finds an object with no
 * unit, which answers without storing anything (HOLD_NOT_FOUND, the product's "closed" refusal).
 * Returns whether it deleted.
 */
export async function retireIfIdle(
  storage: DurableObjectStorage,
  store: InventoryStore,
  unit: UnitDefinition,
  log: Logger,
): Promise<boolean> {
  const held = store.holdsWithStatus("held").length;
  const stranded = strandedHolds(store, unit).length;
  if (held > 0 || stranded > 0) {
    log.warn("inventory_retirement_postponed", { held, stranded });
    return false;
  }
  await storage.deleteAlarm();
  await storage.deleteAll();
  log.info("inventory_retired", { closes_at: new Date(unit.closesAt ?? 0).toISOString() });
  return true;
}

/**
 * The engine's record of a cancelled unit (unit_cancellations), written by its object right after
 * the cancellation committed, as well as by the Worker that asked for it: the object finishes its
 * call even if that Worker dies before it records, and from the record on the reconcile cron
 * cancels and refunds the unit's bookings. Idempotent. A failure is logged and leaves the record
 * to the Worker's own (EngineActions.cancelBookingsOfCancelledUnit).
 */
export async function recordCancellation(
  env: AppEnv,
  clock: Clock,
  log: Logger,
  unit: UnitDefinition,
  reason: string,
): Promise<void> {
  try {
    await recordUnitCancellation(
      { db: createDb(env.DB), clock, requestId: null },
      { unitId: unit.unitId, product: unit.product, reason },
    );
  } catch (error) {
    log.error("unit_cancellation_record_failed", { unit_id: unit.unitId, error: String(error) });
  }
}
