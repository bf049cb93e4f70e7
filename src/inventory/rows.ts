import type { HoldLine, HoldStatus, HoldView, LedgerEntry, PoolAttrs, PoolState, UnitDefinition } from "./contract";

/** A hold as stored: the view plus what only the object needs (its ttl, for idempotent replays). */
export interface HoldRow extends Omit<HoldView, "unitId" | "product"> {
  ttlSeconds: number;
  extensionSeconds: number | null;
}

export type Row = Record<string, SqlStorageValue>;

const num = (v: SqlStorageValue | undefined) => Number(v);
const numOrNull = (v: SqlStorageValue | undefined) => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: SqlStorageValue | undefined) => (v === null || v === undefined ? null : String(v));

export function toUnit(r: Row): UnitDefinition {
  return {
    unitId: String(r.unit_id),
    product: String(r.product),
    status: r.status === "cancelled" ? "cancelled" : "open",
    closesAt: numOrNull(r.closes_at),
    currency: String(r.currency),
  };
}

export function toPool(r: Row): PoolState {
  return {
    pool: String(r.pool),
    capacity: num(r.capacity),
    held: num(r.held),
    sold: num(r.sold),
    priceMinor: num(r.price_minor),
    label: String(r.label),
    salesOpenAt: numOrNull(r.sales_open_at),
    salesCloseAt: numOrNull(r.sales_close_at),
    maxPerHold: numOrNull(r.max_per_hold),
    refundPolicy: JSON.parse(String(r.refund_policy)),
    attrs: JSON.parse(String(r.attrs)) as PoolAttrs,
  };
}

export function toHold(r: Row): HoldRow {
  return {
    holdId: String(r.id),
    lines: JSON.parse(String(r.lines)) as HoldLine[],
    totalMinor: num(r.total_minor),
    currency: String(r.currency),
    status: r.status as HoldStatus,
    ttlSeconds: num(r.ttl_seconds),
    expiresAt: num(r.expires_at),
    extended: num(r.extended) === 1,
    extensionSeconds: numOrNull(r.extension_seconds),
    bookingId: strOrNull(r.booking_id),
    context: JSON.parse(String(r.context)) as PoolAttrs,
    createdAt: num(r.created_at),
  };
}

export function toLedger(r: Row): LedgerEntry {
  return {
    seq: num(r.seq),
    at: num(r.at),
    kind: r.kind as LedgerEntry["kind"],
    pool: strOrNull(r.pool),
    holdId: strOrNull(r.hold_id),
    bookingId: strOrNull(r.booking_id),
    heldDelta: num(r.held_delta),
    soldDelta: num(r.sold_delta),
    capacityDelta: num(r.capacity_delta),
    reason: strOrNull(r.reason),
  };
}
