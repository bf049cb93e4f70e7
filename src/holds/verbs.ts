import type { Cabin } from "../db/schema";
import type { HoldView, InventoryRpc } from "../inventory/contract";
import { HOLD_POLICY } from "../inventory/policy";
import { err, ok, type Result } from "../lib/result";
import type { Metrics } from "../metrics/events";
import { departureOfHold, holdIdForKey, newHoldId } from "./hold-id";

export interface HoldsDeps {
  /** The departure's inventory object (inventoryStub in production). */
  inventory: (departureId: string) => InventoryRpc;
  /** Told of every deadline an extension moved, so a booking of the hold shows the same one. */
  deadlineMoved: (hold: HoldView) => Promise<void>;
  /** Told of every hold granted or refused (src/metrics); absent, nothing is recorded. */
  metrics?: Metrics;
}

export interface PlaceHoldRequest {
  departureId: string;
  cabin: Cabin;
  passengers: number;
  /** When the client sent an Idempotency-Key: who sent it and the key. */
  idempotency?: { scope: string; key: string };
}

export async function placeHold({
  deps,
  input,
}: {
  deps: Pick<HoldsDeps, "inventory" | "metrics">;
  input: PlaceHoldRequest;
}): Promise<Result<HoldView>> {
  const holdId = input.idempotency
    ? await holdIdForKey(input.departureId, input.idempotency.scope, input.idempotency.key)
    : newHoldId(input.departureId);
  const placed = await deps.inventory(input.departureId).placeHold({
    holdId,
    departureId: input.departureId,
    cabin: input.cabin,
    seats: input.passengers,
    ttlSeconds: HOLD_POLICY.defaultTtlSeconds,
  });
  deps.metrics?.record(
    placed.ok
      ? { kind: "hold", outcome: "granted", product: "departures", code: null }
      : { kind: "hold", outcome: "refused", product: "departures", code: placed.error.code },
  );
  return placed;
}

export async function getHold({
  deps,
  input,
}: {
  deps: Pick<HoldsDeps, "inventory">;
  input: { holdId: string };
}): Promise<Result<HoldView>> {
  const departureId = departureOfHold(input.holdId);
  if (!departureId) return holdNotFound(input.holdId);
  const hold = await deps.inventory(departureId).getHold(input.holdId);
  return hold ? ok(hold) : holdNotFound(input.holdId);
}

/** Idempotent: releasing a hold that already gave its seats back answers the hold as it is. */
export async function releaseHold({ deps, input }: { deps: Pick<HoldsDeps, "inventory">; input: { holdId: string } }) {
  const departureId = departureOfHold(input.holdId);
  if (!departureId) return holdNotFound(input.holdId);
  return deps.inventory(departureId).releaseHold(input.holdId, "released by the client");
}

/** Once per hold; asking again answers the already-extended hold without adding time. */
export async function extendHold({
  deps,
  input,
}: {
  deps: HoldsDeps;
  input: { holdId: string };
}): Promise<Result<HoldView>> {
  const departureId = departureOfHold(input.holdId);
  if (!departureId) return holdNotFound(input.holdId);
  const extended = await deps.inventory(departureId).extendHold(input.holdId, HOLD_POLICY.extensionSeconds);
  if (extended.ok) await deps.deadlineMoved(extended.value);
  return extended;
}

function holdNotFound(holdId: string) {
  return err("HOLD_NOT_FOUND", `No hold ${holdId}.`);
}
