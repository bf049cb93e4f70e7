import type { Cabin } from "../db/schema";
import type { Result } from "../lib/result";
import type { CountsByCabin } from "./invariant";

/**
 * The Durable Object's RPC surface, shared by the object (workers/departure-inventory.ts) and its
 * callers (holds, bookings, payments, admin). Every write is idempotent by its hold id.
 */
export type HoldStatus = "held" | "confirmed" | "released" | "expired" | "cancelled";

export interface PlaceHoldInput {
  holdId: string;
  departureId: string;
  cabin: Cabin;
  seats: number;
  ttlSeconds: number;
}

export interface HoldView {
  holdId: string;
  departureId: string;
  cabin: Cabin;
  seats: number;
  /** Price locked when the hold was placed, per seat, minor units. */
  unitPriceMinor: number;
  totalMinor: number;
  currency: string;
  status: HoldStatus;
  /** Epoch ms. */
  expiresAt: number;
  extended: boolean;
  bookingId: string | null;
  createdAt: number;
}

export interface FareAvailability {
  cabin: Cabin;
  capacity: number;
  held: number;
  sold: number;
  available: number;
  priceMinor: number;
  currency: string;
}

export interface LedgerEntry {
  seq: number;
  at: number;
  kind:
    | "initialised"
    | "hold_placed"
    | "hold_extended"
    | "hold_released"
    | "hold_expired"
    | "confirmed"
    | "cancelled"
    | "capacity_changed"
    | "price_changed"
    | "departure_cancelled";
  cabin: Cabin | null;
  holdId: string | null;
  bookingId: string | null;
  /** Seat deltas applied by this entry. */
  heldDelta: number;
  soldDelta: number;
  capacityDelta: number;
  reason: string | null;
}

export interface OperatorChange {
  cabin?: Cabin;
  capacity?: number;
  priceMinor?: number;
  cancelDeparture?: boolean;
  reason: string;
}

/** What an operator (or a test) reads to check the object: table counts against the replayed ledger. */
export interface InventoryAudit {
  ok: boolean;
  counts: CountsByCabin;
  replayed: CountsByCabin;
  violations: string[];
}

/**
 * A sold hold on a cancelled departure. The object does not refund: the bookings layer refunds
 * each one and then calls cancelBooking(holdId), which returns the seats and drops it from the list.
 */
export interface StrandedBooking {
  holdId: string;
  bookingId: string;
  cabin: Cabin;
  seats: number;
  totalMinor: number;
  currency: string;
}

export interface InventoryRpc {
  placeHold(input: PlaceHoldInput): Promise<Result<HoldView>>;
  extendHold(holdId: string, ttlSeconds: number): Promise<Result<HoldView>>;
  releaseHold(holdId: string, reason: string): Promise<Result<HoldView>>;
  confirmHold(holdId: string, bookingId: string): Promise<Result<HoldView>>;
  cancelBooking(holdId: string, reason: string): Promise<Result<HoldView>>;
  getHold(holdId: string): Promise<HoldView | null>;
  availability(): Promise<FareAvailability[]>;
  ledger(afterSeq?: number, limit?: number): Promise<LedgerEntry[]>;
  applyOperatorChange(change: OperatorChange): Promise<Result<FareAvailability[]>>;
  /** All or nothing, in one transaction: what an operator's request touching several classes uses. */
  applyOperatorChanges(changes: OperatorChange[]): Promise<Result<FareAvailability[]>>;
  /** Empty unless the departure is cancelled. */
  strandedBookings(): Promise<StrandedBooking[]>;
  audit(): Promise<InventoryAudit>;
}
