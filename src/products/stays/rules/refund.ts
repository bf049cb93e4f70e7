import type { RefundStep } from "../../../inventory/contract";
import { addDays, localParts } from "../../../lib/time.ts";

/** A rate's cancellation terms (stored on the room type, locked into a hold with the price later). */
export interface CancellationPolicy {
  /** Free until this many days before check-in, 00:00 at the property; null: never free. */
  freeCancellationDays: number | null;
  /** Share of the total kept when cancelling after the free period, percent. */
  penaltyPct: number;
}

export type { RefundStep };

/**
 * Midnights already worked out in this isolate, by time zone and date. Intl's formatToParts is
 * the dearest call of a stay search's answer (one per room type offered, for its cancellation
 * deadline) and its result for one date and zone never changes. Bounded: cleared when full.
 */
const midnights = new Map<string, number>();
const MAX_MIDNIGHTS = 20_000;

/** Epoch ms of 00:00 local time on `date` in `timeZone` (a midnight inside a DST gap moves forward). */
export function localMidnightMs(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  const known = midnights.get(key);
  if (known !== undefined) return known;
  const ms = computeLocalMidnight(date, timeZone);
  if (midnights.size >= MAX_MIDNIGHTS) midnights.clear();
  midnights.set(key, ms);
  return ms;
}

function computeLocalMidnight(date: string, timeZone: string): number {
  const naive = Date.parse(`${date}T00:00:00Z`);
  const first = localParts(naive, timeZone).offsetMinutes;
  const guess = naive - first * 60_000;
  const second = localParts(guess, timeZone).offsetMinutes;
  return second === first ? guess : naive - second * 60_000;
}

/** When free cancellation ends for a stay arriving on `checkIn`, or null for a non-refundable rate. */
export function freeCancellationUntil(policy: CancellationPolicy, checkIn: string, timeZone: string): number | null {
  if (policy.freeCancellationDays === null) return null;
  return localMidnightMs(addDays(checkIn, -policy.freeCancellationDays), timeZone);
}

/**
 * The policy as the engine's refund steps for one stay: all of it back until the free deadline,
 * then the total less the penalty until check-in day begins; from then on (a no-show) nothing.
 */
export function refundSteps(policy: CancellationPolicy, checkIn: string, timeZone: string): RefundStep[] {
  const arrival = localMidnightMs(checkIn, timeZone);
  const penalised = { before: arrival, refundBps: 10_000 - policy.penaltyPct * 100 };
  const free = freeCancellationUntil(policy, checkIn, timeZone);
  return free === null ? [penalised] : [{ before: free, refundBps: 10_000 }, penalised];
}
