import { SEARCH_LIMITS } from "../config";
import { err, ok, type Result } from "../lib/result";
import type { DepartureMeta } from "./rows";

/**
 * Hold limits. A hold takes seats away from everyone else, so it is short and bounded: long enough
 * to fill in passengers and pay, short enough that abandoned carts return seats quickly.
 */
export const HOLD_POLICY = {
  minTtlSeconds: 60,
  maxTtlSeconds: 1800,
  /** What POST /v1/holds asks for. */
  defaultTtlSeconds: 600,
  /** What POST /v1/holds/{id}/extend adds, once. */
  extensionSeconds: 600,
  minSeats: 1,
  maxSeats: SEARCH_LIMITS.maxPassengers,
  ledgerPageSize: 100,
  ledgerMaxPageSize: 500,
} as const;

/**
 * How long an object keeps its storage after its departure leaves. Nothing can be sold then, but
 * for a while the ledger still answers: a late payment webhook or a refund calls confirmHold or
 * cancelBooking, and an operator may want the seat history of a disputed trip. After that, D1's
 * bookings, payments and timelines are the record, and the object deletes everything it stored.
 * An object with something still pending (a held hold, or sold seats on a cancelled departure
 * that the bookings layer has not refunded yet) looks again a day later.
 */
export const RETENTION_POLICY = {
  afterDepartureSeconds: 7 * 86_400,
  retrySeconds: 86_400,
} as const;

export function retirementDue(departsAtMs: number): number {
  return departsAtMs + RETENTION_POLICY.afterDepartureSeconds * 1000;
}

/** When the object next looks at whether it can delete its storage. */
export function retirementCheckAt(departsAtMs: number, nowMs: number): number {
  const due = retirementDue(departsAtMs);
  return nowMs < due ? due : nowMs + RETENTION_POLICY.retrySeconds * 1000;
}

/** Whether a departure can still sell a seat: only then is it worth any storage. */
export function stillSelling(meta: DepartureMeta, nowMs: number): Result<true> {
  if (meta.status === "cancelled") return err("DEPARTURE_CANCELLED", "The departure is cancelled.");
  if (meta.departsAt <= nowMs) return err("DEPARTURE_DEPARTED", "The departure has already left.");
  return ok(true);
}

export function ttlInRange(ttlSeconds: number): boolean {
  return (
    Number.isInteger(ttlSeconds) && ttlSeconds >= HOLD_POLICY.minTtlSeconds && ttlSeconds <= HOLD_POLICY.maxTtlSeconds
  );
}

export function seatsInRange(seats: number): boolean {
  return Number.isInteger(seats) && seats >= HOLD_POLICY.minSeats && seats <= HOLD_POLICY.maxSeats;
}

/** A hold never outlives its departure: seats for a train that has left cannot be sold. */
export function holdExpiry(nowMs: number, ttlSeconds: number, departsAtMs: number): number {
  return Math.min(nowMs + ttlSeconds * 1000, departsAtMs);
}

/** An extension adds to the current deadline (not to now), so extending early never loses time. */
export function extendedExpiry(expiresAtMs: number, ttlSeconds: number, departsAtMs: number): number {
  return Math.min(expiresAtMs + ttlSeconds * 1000, departsAtMs);
}
