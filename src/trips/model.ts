import type { HoldLineRequest, HoldView, PoolAttrs } from "../inventory/contract";
import { HOLD_POLICY } from "../inventory/policy";
import type { DomainError } from "../lib/result";

/** Limits of a trip (docs/trips.md). */
export const TRIP_POLICY = {
  minItems: 2,
  maxItems: 6,
  /**
   * Each item's hold lasts this long from when it is placed: the holds API's default, so a waiting
   * room's pass reaches the same hold (same terms) from a trip and from POST /v1/holds.
   */
  holdTtlSeconds: HOLD_POLICY.defaultTtlSeconds,
  /**
   * A create that has not finished this long after it started is taken for crashed: the alarm
   * releases whatever it placed. Far above the few hundred milliseconds six object calls take.
   */
  recoverAfterMs: 30_000,
  /** A release that could not reach an object is tried again this much later. */
  retryReleaseMs: 15_000,
  /** How long an ended trip (released, refused, expired, booked) still answers GET before it is deleted. */
  retainMs: 7 * 86_400_000,
  /** A refused trip answers a retried create (the Idempotency-Key window) and is then deleted. */
  retainRefusedMs: 86_400_000,
} as const;

/** One item as the engine holds it: a unit and its lines (what a product's hold body becomes). */
export interface TripItemRequest {
  unitId: string;
  lines: HoldLineRequest[];
  context?: PoolAttrs;
  /**
   * An item admitted by a unit's waiting room: its hold id is derived from the pass, as
   * POST /v1/holds derives it, so one pass takes one hold whichever way it is used.
   */
  holdKey?: { scope: string; key: string };
}

/**
 * Where an item is, written before each call to its object: `intent` before placeHold (the hold
 * may exist), `placed` once the object granted it, `released` once it gave it back (or never had
 * it), `refused` when the object said no (nothing placed).
 */
export type ItemStep = "pending" | "intent" | "placed" | "refused" | "released";

export interface TripItem extends TripItemRequest {
  /** The item's position in the client's request; refusals name it. */
  index: number;
  holdId: string;
  step: ItemStep;
  /** The hold as its object last answered it. */
  hold: HoldView | null;
}

/**
 * `placing` and `releasing` are in-between states a crash can leave behind (the alarm finishes
 * them); `held` until the earliest hold's expiry; the rest are ends.
 */
export type TripStatus = "placing" | "held" | "releasing" | "released" | "refused" | "expired" | "booked";
export type TripEnd = "released" | "refused" | "expired";

/** Why a trip was refused: the item (absent when the trip as a whole was refused) and the problem. */
export interface TripRefusal {
  index: number | null;
  error: DomainError;
}

export interface TripRecord {
  tripId: string;
  /** The items as requested (canonical JSON): a create with the same id and other items is refused. */
  fingerprint: string;
  status: TripStatus;
  /** Where a release in progress ends. */
  ending: TripEnd | null;
  /** In placing order (sorted by unit id): the order two trips over the same units both follow. */
  items: TripItem[];
  createdAt: number;
  /** The earliest hold's expiry, once every item is held. */
  expiresAt: number | null;
  refusal: TripRefusal | null;
  bookingId: string | null;
  /** When the trip reached its end (the retention counts from here). */
  endedAt: number | null;
}

/** What callers see: the items in the client's order, the total once every item is held. */
export interface TripView {
  tripId: string;
  status: TripStatus;
  items: { index: number; unitId: string; holdId: string; hold: HoldView | null }[];
  createdAt: number;
  expiresAt: number | null;
  totalMinor: number | null;
  currency: string | null;
  refusal: TripRefusal | null;
  bookingId: string | null;
}

export function tripView(trip: TripRecord): TripView {
  const items = [...trip.items].sort((a, b) => a.index - b.index);
  const holds = items.map((i) => i.hold);
  const complete = holds.every((h) => h !== null) && new Set(holds.map((h) => h?.currency)).size === 1;
  return {
    tripId: trip.tripId,
    status: trip.status,
    items: items.map(({ index, unitId, holdId, hold }) => ({ index, unitId, holdId, hold })),
    createdAt: trip.createdAt,
    expiresAt: trip.expiresAt,
    totalMinor: complete ? holds.reduce((sum, h) => sum + (h?.totalMinor ?? 0), 0) : null,
    currency: complete ? (holds[0]?.currency ?? null) : null,
    refusal: trip.refusal,
    bookingId: trip.bookingId,
  };
}
