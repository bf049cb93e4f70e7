import { err, ok, type Result } from "../lib/result";
import type { RefusalCodes, UnitDefinition, UnitNouns } from "./contract";

/**
 * Hold limits. A hold takes units away from everyone else, so it is short and bounded: long
 * enough to fill in travellers and pay, short enough that abandoned carts return units quickly.
 */
export const HOLD_POLICY = {
  minTtlSeconds: 60,
  maxTtlSeconds: 1800,
  /** What POST /v1/holds asks for. */
  defaultTtlSeconds: 600,
  /** What POST /v1/holds/{id}/extend adds, once. */
  extensionSeconds: 600,
  /** Lines per hold: a stay of 31 nights is 31 lines; more is not a hold but an allotment. */
  maxLines: 31,
  /** The engine's ceiling on the quantity of one line, whatever a pool's maxPerHold says. */
  maxQuantityPerLine: 50,
  ledgerPageSize: 100,
  ledgerMaxPageSize: 500,
} as const;

/**
 * How long an object keeps its storage after its unit closes. Nothing can be sold then, but for a
 * while the ledger still answers: a late payment webhook or a refund calls confirmHold or
 * cancelHold, and an operator may want the history of a disputed trip. After that, D1's bookings,
 * payments and timelines are the record, and the object deletes everything it stored. An object
 * with something still pending (a held hold, or sold units on a cancelled unit that the bookings
 * layer has not refunded yet) looks again a day later. A unit that never closes never retires.
 */
export const RETENTION_POLICY = {
  afterCloseSeconds: 7 * 86_400,
  retrySeconds: 86_400,
} as const;

export function retirementDue(closesAtMs: number | null): number | null {
  return closesAtMs === null ? null : closesAtMs + RETENTION_POLICY.afterCloseSeconds * 1000;
}

/** When the object next looks at whether it can delete its storage (null: never). */
export function retirementCheckAt(closesAtMs: number | null, nowMs: number): number | null {
  const due = retirementDue(closesAtMs);
  if (due === null) return null;
  return nowMs < due ? due : nowMs + RETENTION_POLICY.retrySeconds * 1000;
}

/** Whether a unit can still sell: only then is it worth any storage. */
export function stillSelling(
  unit: Pick<UnitDefinition, "status" | "closesAt">,
  nowMs: number,
  codes: RefusalCodes,
  nouns: UnitNouns,
): Result<true> {
  if (unit.status === "cancelled") return unitCancelled(codes, nouns);
  if (unit.closesAt !== null && unit.closesAt <= nowMs) {
    return err(codes.salesClosed, `The ${nouns.unit} ${nouns.closed}.`);
  }
  return ok(true);
}

/** The refusal of anything on a cancelled unit, in the product's words ("The property is closed."). */
export function unitCancelled(codes: RefusalCodes, nouns: UnitNouns): Result<never> {
  return err(codes.unitCancelled, `The ${nouns.unit} is ${nouns.cancelled ?? "cancelled"}.`);
}

export function ttlInRange(ttlSeconds: number): boolean {
  return (
    Number.isInteger(ttlSeconds) && ttlSeconds >= HOLD_POLICY.minTtlSeconds && ttlSeconds <= HOLD_POLICY.maxTtlSeconds
  );
}

export function quantityInRange(quantity: number): boolean {
  return Number.isInteger(quantity) && quantity >= 1 && quantity <= HOLD_POLICY.maxQuantityPerLine;
}

/** A hold never outlives its unit or the sales window of any of its pools. */
export function holdExpiry(nowMs: number, ttlSeconds: number, deadlineMs: number | null): number {
  const wanted = nowMs + ttlSeconds * 1000;
  return deadlineMs === null ? wanted : Math.min(wanted, deadlineMs);
}

/** An extension adds to the current deadline (not to now), so extending early never loses time. */
export function extendedExpiry(expiresAtMs: number, ttlSeconds: number, deadlineMs: number | null): number {
  const wanted = expiresAtMs + ttlSeconds * 1000;
  return deadlineMs === null ? wanted : Math.min(wanted, deadlineMs);
}

/** The earliest of the unit's close and the sales close of the given pools. */
export function holdDeadline(closesAt: number | null, poolCloses: readonly (number | null)[]): number | null {
  let deadline = closesAt;
  for (const at of poolCloses) if (at !== null && (deadline === null || at < deadline)) deadline = at;
  return deadline;
}
