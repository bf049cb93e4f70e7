import { SEARCH_LIMITS } from "../config";

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
