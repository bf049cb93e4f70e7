import type { Cabin } from "../db/schema";
import type { HoldStatus, HoldView, LedgerEntry } from "./contract";
import type { SeatCounts } from "./invariant";

export type DepartureStatus = "scheduled" | "delayed" | "cancelled";

export interface DepartureMeta {
  departureId: string;
  status: DepartureStatus;
  /** Epoch ms. */
  departsAt: number;
}

export interface FareRow extends SeatCounts {
  cabin: Cabin;
  priceMinor: number;
  currency: string;
}

export interface HoldRow extends Omit<HoldView, "departureId" | "totalMinor"> {
  ttlSeconds: number;
  extensionSeconds: number | null;
}

export type Row = Record<string, SqlStorageValue>;

export function toFare(r: Row): FareRow {
  return {
    cabin: r.cabin as Cabin,
    capacity: Number(r.capacity),
    held: Number(r.held),
    sold: Number(r.sold),
    priceMinor: Number(r.price_minor),
    currency: String(r.currency),
  };
}

export function toHold(r: Row): HoldRow {
  return {
    holdId: String(r.id),
    cabin: r.cabin as Cabin,
    seats: Number(r.seats),
    unitPriceMinor: Number(r.unit_price_minor),
    currency: String(r.currency),
    status: r.status as HoldStatus,
    ttlSeconds: Number(r.ttl_seconds),
    expiresAt: Number(r.expires_at),
    extended: Number(r.extended) === 1,
    extensionSeconds: r.extension_seconds === null ? null : Number(r.extension_seconds),
    bookingId: r.booking_id === null ? null : String(r.booking_id),
    createdAt: Number(r.created_at),
  };
}

export function toLedger(r: Row): LedgerEntry {
  return {
    seq: Number(r.seq),
    at: Number(r.at),
    kind: r.kind as LedgerEntry["kind"],
    cabin: r.cabin === null ? null : (r.cabin as Cabin),
    holdId: r.hold_id === null ? null : String(r.hold_id),
    bookingId: r.booking_id === null ? null : String(r.booking_id),
    heldDelta: Number(r.held_delta),
    soldDelta: Number(r.sold_delta),
    capacityDelta: Number(r.capacity_delta),
    reason: r.reason === null ? null : String(r.reason),
  };
}
