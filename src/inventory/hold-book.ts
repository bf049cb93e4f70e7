import { err, ok, type Result } from "../lib/result";
import type {
  HoldLine,
  HoldLineRequest,
  HoldView,
  InventorySource,
  LedgerEntry,
  PlaceHoldInput,
  PoolState,
  ShortLine,
  UnitDefinition,
} from "./contract";
import { checkHoldRequest, checkPools } from "./hold-checks";
import { type HoldAction, lineDeltas, nextStatus } from "./hold-rules";
import { unitsLeft } from "./invariant";
import { extendedExpiry, holdDeadline, holdExpiry, stillSelling, ttlInRange, unitCancelled } from "./policy";
import type { HoldRow } from "./rows";
import type { InventoryStore } from "./store";

const LEDGER_KIND: Record<HoldAction, LedgerEntry["kind"]> = {
  extend: "hold_extended",
  release: "hold_released",
  expire: "hold_expired",
  confirm: "confirmed",
  cancel: "cancelled",
};

export type BookSource = Pick<InventorySource, "codes" | "nouns" | "checkHold" | "shortageDetail">;

/**
 * The hold verbs, synchronous over the object's SQLite. Each returns a Result; the object runs it
 * inside one transactionSync and rolls back on any error, so a refused call leaves no trace, and
 * a hold of several lines is granted whole or not at all. Replays (same hold id, same lines)
 * return the hold as it is now and write nothing.
 */
export class HoldBook {
  constructor(
    private readonly store: InventoryStore,
    private readonly unit: UnitDefinition,
    private readonly source: BookSource,
  ) {}

  view(h: HoldRow): HoldView {
    const { ttlSeconds: _ttl, extensionSeconds: _ext, ...rest } = h;
    return { ...rest, unitId: this.unit.unitId, product: this.unit.product };
  }

  placeHold(input: PlaceHoldInput, now: number): Result<HoldView> {
    const existing = this.store.hold(input.holdId);
    if (existing) {
      return sameRequest(existing, input)
        ? ok(this.view(existing))
        : err("HOLD_ID_CONFLICT", `Hold ${input.holdId} was placed with other terms.`);
    }
    const { codes, nouns } = this.source;
    if (input.unitId !== this.unit.unitId) {
      return err(
        "VALIDATION_FAILED",
        `This object holds ${nouns.quantity} for ${this.unit.unitId}, not ${input.unitId}.`,
      );
    }
    const shape = checkHoldRequest(input, codes);
    if (!shape.ok) return shape;
    if (!ttlInRange(input.ttlSeconds)) return err("INVALID_HOLD_TTL", `A hold cannot last ${input.ttlSeconds} s.`);
    const selling = stillSelling(this.unit, now, codes, nouns);
    if (!selling.ok) return selling;
    const found = this.store.poolsNamed(input.lines.map((l) => l.pool));
    const pools = checkPools(input.lines, found, now, this.source);
    if (!pools.ok) return pools;
    const rules = this.source.checkHold?.(this.unit, input, pools.value, now);
    if (rules && !rules.ok) return rules;
    const short = shortLines(input.lines, pools.value);
    if (short.length > 0) return this.insufficient(short);
    return this.grant(input, pools.value, now);
  }

  /** Every line is known to fit: move each, lock its price and refund policy, write the hold. */
  private grant(input: PlaceHoldInput, pools: PoolState[], now: number): Result<HoldView> {
    const lines: HoldLine[] = [];
    for (const [i, line] of input.lines.entries()) {
      const pool = pools[i] as PoolState;
      const moved = this.store.applyDeltas(pool, lineDeltas("place", line.quantity));
      if (!moved.ok) return moved;
      lines.push({
        pool: pool.pool,
        label: pool.label,
        quantity: line.quantity,
        unitPriceMinor: pool.priceMinor,
        totalMinor: pool.priceMinor * line.quantity,
        refundPolicy: pool.refundPolicy,
      });
    }
    const deadline = holdDeadline(
      this.unit.closesAt,
      pools.map((p) => p.salesCloseAt),
    );
    const hold: HoldRow = {
      holdId: input.holdId,
      lines,
      totalMinor: lines.reduce((sum, l) => sum + l.totalMinor, 0),
      currency: this.unit.currency,
      status: "held",
      ttlSeconds: input.ttlSeconds,
      expiresAt: holdExpiry(now, input.ttlSeconds, deadline),
      extended: false,
      extensionSeconds: null,
      bookingId: null,
      context: input.context ?? {},
      createdAt: now,
    };
    this.store.insertHold(hold);
    for (const l of lines) {
      const reason = `locked ${l.unitPriceMinor} ${hold.currency} per unit`;
      this.log(now, "hold_placed", hold, l.pool, lineDeltas("place", l.quantity), reason);
    }
    return ok(this.view(hold));
  }

  private insufficient(short: ShortLine[]) {
    const { codes, nouns, shortageDetail } = this.source;
    const first = short[0] as ShortLine;
    const detail =
      shortageDetail?.(short) ??
      (short.length === 1
        ? `Only ${first.left} ${first.pool.pool} ${nouns.quantity} left.`
        : `Not enough ${nouns.quantity} left in ${short.map((s) => s.pool.pool).join(", ")}.`);
    const lines = short.map((s) => ({ pool: s.pool.pool, requested: s.requested, left: s.left }));
    return err(codes.insufficient, detail, { lines });
  }

  extendHold(holdId: string, ttlSeconds: number, now: number): Result<HoldView> {
    const hold = this.store.hold(holdId);
    if (!hold) return this.notFound(holdId);
    // State first: a hold that is no longer held cannot be extended, whatever its history, so a
    // released hold answers the same whether or not it was extended before it was released.
    if (nextStatus(hold.status, "extend") === null) return this.illegal(hold, "extend");
    if (hold.extended) {
      return hold.extensionSeconds === ttlSeconds
        ? ok(this.view(hold))
        : err("HOLD_ALREADY_EXTENDED", "A hold can be extended once.", { expires_at: hold.expiresAt });
    }
    if (!ttlInRange(ttlSeconds)) return err("INVALID_HOLD_TTL", `A hold cannot be extended by ${ttlSeconds} s.`);
    const pools = this.store.poolsNamed(hold.lines.map((l) => l.pool));
    const deadline = holdDeadline(
      this.unit.closesAt,
      [...pools.values()].map((p) => p.salesCloseAt),
    );
    const expiresAt = extendedExpiry(hold.expiresAt, ttlSeconds, deadline);
    return this.move(hold, "extend", now, `extended by ${ttlSeconds} s`, {
      expiresAt,
      extended: true,
      extensionSeconds: ttlSeconds,
    });
  }

  releaseHold(holdId: string, reason: string, now: number): Result<HoldView> {
    const hold = this.store.hold(holdId);
    if (!hold) return this.notFound(holdId);
    // Releasing is about returning units: a hold that already gave them back is a replay.
    if (hold.status === "released" || hold.status === "expired") return ok(this.view(hold));
    return this.move(hold, "release", now, reason);
  }

  confirmHold(holdId: string, bookingId: string, now: number): Result<HoldView> {
    const hold = this.store.hold(holdId);
    if (!hold) return this.notFound(holdId);
    if (hold.bookingId === bookingId) return ok(this.view(hold));
    if (hold.bookingId !== null) {
      return err("HOLD_ALREADY_CONFIRMED", `Hold ${holdId} was confirmed for another booking.`);
    }
    return this.move(hold, "confirm", now, null, { bookingId });
  }

  cancelHold(holdId: string, reason: string, now: number): Result<HoldView> {
    const hold = this.store.hold(holdId);
    if (!hold) return this.notFound(holdId);
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

  /** The one path by which a hold changes state: legal transition, every line moved, ledger appended. */
  move(hold: HoldRow, action: HoldAction, now: number, reason: string | null, patch: Partial<HoldRow> = {}) {
    const to = nextStatus(hold.status, action);
    if (!to) return this.illegal(hold, action);
    const next: HoldRow = { ...hold, ...patch, status: to };
    const moves = action === "extend" ? [] : hold.lines;
    const pools = moves.length > 0 ? this.store.poolsNamed(moves.map((l) => l.pool)) : new Map<string, PoolState>();
    for (const line of moves) {
      const pool = pools.get(line.pool);
      if (!pool) return err("INVENTORY_INVARIANT", `Hold ${hold.holdId} names ${line.pool}, which is gone.`);
      const deltas = lineDeltas(action, line.quantity);
      const moved = this.store.applyDeltas(pool, deltas);
      if (!moved.ok) return moved;
      this.log(now, LEDGER_KIND[action], next, line.pool, deltas, reason);
    }
    if (moves.length === 0) this.log(now, LEDGER_KIND[action], next, null, lineDeltas("extend", 0), reason);
    this.store.updateHold(next, now);
    return ok(this.view(next));
  }

  notFound(holdId: string) {
    return err("HOLD_NOT_FOUND", `No hold ${holdId} on this ${this.source.nouns.unit}.`);
  }

  private illegal(hold: HoldRow, action: HoldAction) {
    if (hold.status === "expired") return err("HOLD_EXPIRED", `Hold ${hold.holdId} has expired.`);
    // Its units went back when the unit was cancelled: say why, not just "released".
    if (hold.status === "released" && this.unit.status === "cancelled") {
      return unitCancelled(this.source.codes, this.source.nouns);
    }
    return err("HOLD_STATE_CONFLICT", `A ${hold.status} hold cannot be ${PAST[action]}.`, { hold_status: hold.status });
  }

  private log(
    now: number,
    kind: LedgerEntry["kind"],
    hold: HoldRow,
    pool: string | null,
    deltas: ReturnType<typeof lineDeltas>,
    reason: string | null,
  ) {
    this.store.append({ at: now, kind, pool, holdId: hold.holdId, bookingId: hold.bookingId, ...deltas, reason });
  }
}

function sameRequest(existing: HoldRow, input: PlaceHoldInput): boolean {
  return (
    existing.ttlSeconds === input.ttlSeconds &&
    existing.lines.length === input.lines.length &&
    existing.lines.every((l, i) => l.pool === input.lines[i]?.pool && l.quantity === input.lines[i]?.quantity)
  );
}

function shortLines(lines: readonly HoldLineRequest[], pools: readonly PoolState[]): ShortLine[] {
  return lines.flatMap((line, i) => {
    const pool = pools[i] as PoolState;
    const left = unitsLeft(pool);
    return left < line.quantity ? [{ pool, requested: line.quantity, left }] : [];
  });
}

const PAST: Record<HoldAction, string> = {
  extend: "extended",
  release: "released",
  expire: "expired",
  confirm: "confirmed",
  cancel: "cancelled",
};
