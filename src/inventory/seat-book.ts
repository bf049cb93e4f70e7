import { err, ok, type Result } from "../lib/result";
import type { HoldView, LedgerEntry, PlaceHoldInput } from "./contract";
import { type HoldAction, lockPrice, nextStatus, seatDeltas } from "./hold-rules";
import { seatsLeft } from "./invariant";
import { extendedExpiry, holdExpiry, seatsInRange, stillSelling, ttlInRange } from "./policy";
import type { DepartureMeta, HoldRow } from "./rows";
import type { InventoryStore } from "./store";

const LEDGER_KIND: Record<HoldAction, LedgerEntry["kind"]> = {
  extend: "hold_extended",
  release: "hold_released",
  expire: "hold_expired",
  confirm: "confirmed",
  cancel: "cancelled",
};

/**
 * The hold verbs, synchronous over the object's SQLite. Each returns a Result; the object runs it
 * inside one transactionSync and rolls back on any error, so a refused call leaves no trace.
 * Replays (same hold id, same input) return the hold as it is now and write nothing.
 */
export class SeatBook {
  constructor(
    private readonly store: InventoryStore,
    private readonly meta: DepartureMeta,
  ) {}

  view(h: HoldRow): HoldView {
    const { ttlSeconds: _ttl, extensionSeconds: _ext, ...rest } = h;
    return { ...rest, departureId: this.meta.departureId, totalMinor: h.unitPriceMinor * h.seats };
  }

  bookable(now: number): Result<true> {
    return stillSelling(this.meta, now);
  }

  placeHold(input: PlaceHoldInput, now: number): Result<HoldView> {
    const existing = this.store.hold(input.holdId);
    if (existing) {
      const same =
        existing.cabin === input.cabin && existing.seats === input.seats && existing.ttlSeconds === input.ttlSeconds;
      return same
        ? ok(this.view(existing))
        : err("HOLD_ID_CONFLICT", `Hold ${input.holdId} was placed with other terms.`);
    }
    if (input.departureId !== this.meta.departureId) {
      return err(
        "VALIDATION_FAILED",
        `This object holds seats for ${this.meta.departureId}, not ${input.departureId}.`,
      );
    }
    if (!seatsInRange(input.seats)) return err("INVALID_PASSENGERS", `Cannot hold ${input.seats} seats.`);
    if (!ttlInRange(input.ttlSeconds)) return err("INVALID_HOLD_TTL", `A hold cannot last ${input.ttlSeconds} s.`);
    const bookable = this.bookable(now);
    if (!bookable.ok) return bookable;
    const fare = this.store.fare(input.cabin);
    if (!fare) return err("FARE_CLASS_NOT_FOUND", `This departure does not sell ${input.cabin}.`);
    const left = seatsLeft(fare);
    if (left < input.seats) {
      return err("INSUFFICIENT_SEATS", `Only ${left} ${input.cabin} seats left.`, { seats_left: left });
    }
    const deltas = seatDeltas("place", input.seats);
    const moved = this.store.applySeatDeltas(input.cabin, deltas, fare);
    if (!moved.ok) return moved;
    const hold: HoldRow = {
      holdId: input.holdId,
      cabin: input.cabin,
      seats: input.seats,
      ...lockPrice(fare, input.seats),
      status: "held",
      ttlSeconds: input.ttlSeconds,
      expiresAt: holdExpiry(now, input.ttlSeconds, this.meta.departsAt),
      extended: false,
      extensionSeconds: null,
      bookingId: null,
      createdAt: now,
    };
    this.store.insertHold(hold);
    this.log(now, "hold_placed", hold, deltas, `locked ${fare.priceMinor} ${fare.currency} per seat`);
    return ok(this.view(hold));
  }

  extendHold(holdId: string, ttlSeconds: number, now: number): Result<HoldView> {
    const hold = this.store.hold(holdId);
    if (!hold) return notFound(holdId);
    // State first: a hold that is no longer held cannot be extended, whatever its history, so a
    // released hold answers the same whether or not it was extended before it was released.
    if (nextStatus(hold.status, "extend") === null) return this.illegal(hold, "extend");
    if (hold.extended) {
      return hold.extensionSeconds === ttlSeconds
        ? ok(this.view(hold))
        : err("HOLD_ALREADY_EXTENDED", "A hold can be extended once.", { expires_at: hold.expiresAt });
    }
    if (!ttlInRange(ttlSeconds)) return err("INVALID_HOLD_TTL", `A hold cannot be extended by ${ttlSeconds} s.`);
    const expiresAt = extendedExpiry(hold.expiresAt, ttlSeconds, this.meta.departsAt);
    return this.move(hold, "extend", now, `extended by ${ttlSeconds} s`, {
      expiresAt,
      extended: true,
      extensionSeconds: ttlSeconds,
    });
  }

  releaseHold(holdId: string, reason: string, now: number): Result<HoldView> {
    const hold = this.store.hold(holdId);
    if (!hold) return notFound(holdId);
    // Releasing is about returning seats: a hold that already gave them back is a replay.
    if (hold.status === "released" || hold.status === "expired") return ok(this.view(hold));
    return this.move(hold, "release", now, reason);
  }

  confirmHold(holdId: string, bookingId: string, now: number): Result<HoldView> {
    const hold = this.store.hold(holdId);
    if (!hold) return notFound(holdId);
    if (hold.bookingId === bookingId) return ok(this.view(hold));
    if (hold.bookingId !== null) {
      return err("HOLD_ALREADY_CONFIRMED", `Hold ${holdId} was confirmed for another booking.`);
    }
    return this.move(hold, "confirm", now, null, { bookingId });
  }

  cancelBooking(holdId: string, reason: string, now: number): Result<HoldView> {
    const hold = this.store.hold(holdId);
    if (!hold) return notFound(holdId);
    if (hold.status === "cancelled") return ok(this.view(hold));
    return this.move(hold, "cancel", now, reason);
  }

  /** Expires every held hold whose deadline has passed; returns how many. */
  expireDue(now: number): number {
    const due = this.store.dueHolds(now);
    for (const hold of due) {
      const moved = this.move(hold, "expire", now, "deadline passed");
      if (!moved.ok) throw new Error(`Could not expire ${hold.holdId}: ${moved.error.detail}`);
    }
    return due.length;
  }

  /** The one path by which a hold changes state: legal transition, seats moved, ledger appended. */
  move(hold: HoldRow, action: HoldAction, now: number, reason: string | null, patch: Partial<HoldRow> = {}) {
    const to = nextStatus(hold.status, action);
    if (!to) return this.illegal(hold, action);
    const deltas = seatDeltas(action, hold.seats);
    const moved = this.store.applySeatDeltas(hold.cabin, deltas);
    if (!moved.ok) return moved;
    const next: HoldRow = { ...hold, ...patch, status: to };
    this.store.updateHold(next, now);
    this.log(now, LEDGER_KIND[action], next, deltas, reason);
    return ok(this.view(next));
  }

  private illegal(hold: HoldRow, action: HoldAction) {
    if (hold.status === "expired") return err("HOLD_EXPIRED", `Hold ${hold.holdId} has expired.`);
    // Its seats went back when the departure was cancelled: say why, not just "released".
    if (hold.status === "released" && this.meta.status === "cancelled") {
      return err("DEPARTURE_CANCELLED", "The departure is cancelled.");
    }
    return err("HOLD_STATE_CONFLICT", `A ${hold.status} hold cannot be ${PAST[action]}.`, { hold_status: hold.status });
  }

  private log(
    now: number,
    kind: LedgerEntry["kind"],
    hold: HoldRow,
    deltas: ReturnType<typeof seatDeltas>,
    reason: string | null,
  ) {
    this.store.append({
      at: now,
      kind,
      cabin: hold.cabin,
      holdId: hold.holdId,
      bookingId: hold.bookingId,
      ...deltas,
      reason,
    });
  }
}

export function notFound(holdId: string) {
  return err("HOLD_NOT_FOUND", `No hold ${holdId} on this departure.`);
}

const PAST: Record<HoldAction, string> = {
  extend: "extended",
  release: "released",
  expire: "expired",
  confirm: "confirmed",
  cancel: "cancelled",
};
