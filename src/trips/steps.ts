import type { HoldView } from "../inventory/contract";
import { err, ok, type Result } from "../lib/result";
import type { CoordinatorDeps } from "./contract";
import { TRIP_POLICY, type TripItem } from "./model";

/**
 * One call to one object. Placing by the item's derived hold id is idempotent: after a crash the
 * object answers the hold it already has. A hold answered but no longer held (placed before a
 * crash, expired since) is a refusal like any other.
 */
export async function placeItem(deps: Pick<CoordinatorDeps, "inventory">, item: TripItem): Promise<Result<HoldView>> {
  let placed: Result<HoldView>;
  try {
    placed = await deps.inventory(item.unitId).placeHold({
      holdId: item.holdId,
      unitId: item.unitId,
      lines: item.lines,
      ttlSeconds: TRIP_POLICY.holdTtlSeconds,
      ...(item.context ? { context: item.context } : {}),
    });
  } catch {
    return err("ORIGIN_UNAVAILABLE", `The inventory of ${item.unitId} could not be reached. Try again shortly.`);
  }
  if (placed.ok && placed.value.status !== "held") {
    return err(
      "HOLD_EXPIRED",
      `The hold on ${item.unitId} ended (${placed.value.status}) before the trip was complete.`,
    );
  }
  return placed;
}

/**
 * Ok with the released hold, ok(null) when the object never had it (the crash came before the
 * call landed), or an error when the object could not be reached (try again later). A hold that
 * is no longer the trip's to release (confirmed or cancelled by a booking) is left as it is.
 */
export async function releaseItem(
  deps: Pick<CoordinatorDeps, "inventory">,
  item: TripItem,
  reason: string,
): Promise<Result<HoldView | null>> {
  try {
    const released = await deps.inventory(item.unitId).releaseHold(item.holdId, reason);
    if (released.ok) return released;
    return released.error.code === "ORIGIN_UNAVAILABLE" ? released : ok(null);
  } catch {
    return err("ORIGIN_UNAVAILABLE", `The inventory of ${item.unitId} could not be reached.`);
  }
}

/** The item's hold as its object has it now; null when the object cannot answer or no longer has it. */
export async function readItem(deps: Pick<CoordinatorDeps, "inventory">, item: TripItem): Promise<HoldView | null> {
  try {
    return await deps.inventory(item.unitId).getHold(item.holdId);
  } catch {
    return null;
  }
}
