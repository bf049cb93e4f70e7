import type { HoldLineRequest, HoldView, InventoryRpc, PoolAttrs } from "../inventory/contract";
import { HOLD_POLICY } from "../inventory/policy";
import { err, ok, type Result } from "../lib/result";
import type { Metrics } from "../metrics/events";
import { holdIdForKey, newHoldId, unitOfHold } from "./hold-id";

export interface HoldsDeps {
  /** The unit's inventory object (inventoryStub in production). */
  inventory: (unitId: string) => InventoryRpc;
  /** Whether an id names a unit of a registered product (productOfUnit in production). */
  isUnitId: (unitId: string) => boolean;
  /** Told of every deadline an extension moved, so a booking of the hold shows the same one. */
  deadlineMoved: (hold: HoldView) => Promise<void>;
  /** Told of every hold granted or refused (src/metrics); absent, nothing is recorded. */
  metrics?: Metrics;
}

export interface PlaceHoldRequest {
  unitId: string;
  lines: HoldLineRequest[];
  context?: PoolAttrs;
  /** When the client sent an Idempotency-Key: who sent it and the key. */
  idempotency?: { scope: string; key: string };
}

export async function placeHold({
  deps,
  input,
}: {
  deps: Pick<HoldsDeps, "inventory" | "isUnitId" | "metrics">;
  input: PlaceHoldRequest;
}): Promise<Result<HoldView>> {
  if (!deps.isUnitId(input.unitId)) return err("NOT_FOUND", `No product sells ${input.unitId}.`);
  const holdId = input.idempotency
    ? await holdIdForKey(input.unitId, input.idempotency.scope, input.idempotency.key)
    : newHoldId(input.unitId);
  const placed = await deps.inventory(input.unitId).placeHold({
    holdId,
    unitId: input.unitId,
    lines: input.lines,
    ttlSeconds: HOLD_POLICY.defaultTtlSeconds,
    ...(input.context ? { context: input.context } : {}),
  });
  // The engine knows products only by their unit ids' prefix (dep, prp, evt): that names them here.
  const product = input.unitId.split("_")[0] ?? "unknown";
  deps.metrics?.record(
    placed.ok
      ? { kind: "hold", outcome: "granted", product, code: null }
      : { kind: "hold", outcome: "refused", product, code: placed.error.code },
  );
  return placed;
}

export async function getHold({
  deps,
  input,
}: {
  deps: Pick<HoldsDeps, "inventory" | "isUnitId">;
  input: { holdId: string };
}): Promise<Result<HoldView>> {
  const unitId = unitOfHold(input.holdId, deps.isUnitId);
  if (!unitId) return holdNotFound(input.holdId);
  const hold = await deps.inventory(unitId).getHold(input.holdId);
  return hold ? ok(hold) : holdNotFound(input.holdId);
}

/** Idempotent: releasing a hold that already gave its units back answers the hold as it is. */
export async function releaseHold({
  deps,
  input,
}: {
  deps: Pick<HoldsDeps, "inventory" | "isUnitId">;
  input: { holdId: string };
}) {
  const unitId = unitOfHold(input.holdId, deps.isUnitId);
  if (!unitId) return holdNotFound(input.holdId);
  return deps.inventory(unitId).releaseHold(input.holdId, "released by the client");
}

/** Once per hold; asking again answers the already-extended hold without adding time. */
export async function extendHold({
  deps,
  input,
}: {
  deps: HoldsDeps;
  input: { holdId: string };
}): Promise<Result<HoldView>> {
  const unitId = unitOfHold(input.holdId, deps.isUnitId);
  if (!unitId) return holdNotFound(input.holdId);
  const extended = await deps.inventory(unitId).extendHold(input.holdId, HOLD_POLICY.extensionSeconds);
  if (extended.ok) await deps.deadlineMoved(extended.value);
  return extended;
}

function holdNotFound(holdId: string) {
  return err("HOLD_NOT_FOUND", `No hold ${holdId}.`);
}
