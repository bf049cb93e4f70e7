/**
 * A local copy of the product-neutral engine's types this product implements (the lead's design
 * for issue 8, /work/helpers/ENGINE.md; shapes as on branch h-engine). At the merge these become
 * imports from src/inventory/contract (and the engine's snapshot and hold-request types); nothing
 * else in the events product names them from anywhere but here, so the swap is this one file.
 */
import type { Database } from "../../db/client";
import type { ErrorCode, Result } from "../../lib/result";

export type PoolAttrs = Record<string, string | number | boolean>;

/** The first step whose `before` (epoch ms) is after now applies; after the last, nothing comes back. */
export interface RefundStep {
  before: number;
  /** Basis points of the line's price (10 000 = all of it). */
  refundBps: number;
}

export interface UnitDefinition {
  unitId: string;
  product: string;
  status: "open" | "cancelled";
  /** Epoch ms; no hold after it and none outlives it. */
  closesAt: number | null;
  currency: string;
}

export interface PoolDefinition {
  pool: string;
  capacity: number;
  priceMinor: number;
  label: string;
  salesOpenAt: number | null;
  salesCloseAt: number | null;
  maxPerHold: number | null;
  refundPolicy: RefundStep[];
  attrs: PoolAttrs;
}

export interface PoolState extends PoolDefinition {
  held: number;
  sold: number;
}

/** What the object publishes (advisory) and answers to availability(). */
export interface PoolAvailability {
  pool: string;
  label: string;
  capacity: number;
  held: number;
  sold: number;
  /** 0 on a cancelled or closed unit, or a pool whose sales are closed. */
  available: number;
  priceMinor: number;
  currency: string;
}

export interface HoldLineRequest {
  pool: string;
  quantity: number;
}

export interface PlaceHoldInput {
  holdId: string;
  unitId: string;
  lines: HoldLineRequest[];
  ttlSeconds: number;
  context?: PoolAttrs;
}

export type HoldStatus = "held" | "confirmed" | "released" | "expired" | "cancelled";

export interface HoldLine {
  pool: string;
  label: string;
  quantity: number;
  unitPriceMinor: number;
  totalMinor: number;
  refundPolicy: RefundStep[];
}

export interface HoldView {
  holdId: string;
  unitId: string;
  product: string;
  lines: HoldLine[];
  totalMinor: number;
  currency: string;
  status: HoldStatus;
  expiresAt: number;
  extended: boolean;
  bookingId: string | null;
  createdAt: number;
  context: PoolAttrs;
}

/** One pool's change; a full `definition` adds a pool the object has not materialised yet. */
export interface PoolChange {
  pool: string;
  capacity?: number;
  priceMinor?: number;
  salesOpenAt?: number | null;
  salesCloseAt?: number | null;
  definition?: PoolDefinition;
}

/** One operator request, one transaction in the object, all or nothing. */
export interface OperatorChanges {
  reason: string;
  pools?: PoolChange[];
  cancelUnit?: boolean;
}

/** The engine's RPC an operator verb needs: supplied by the engine (the unit's object) at the merge. */
export type ApplyOperatorChanges = (unitId: string, changes: OperatorChanges) => Promise<Result<PoolAvailability[]>>;

export type RefusalCodes = Record<
  "unitNotFound" | "unitCancelled" | "salesClosed" | "poolNotFound" | "insufficient" | "invalidQuantity",
  ErrorCode
>;

export interface SourceDeps {
  db: Database;
}

export interface InventorySource {
  load(deps: SourceDeps, unitId: string): Promise<{ unit: UnitDefinition; pools: PoolDefinition[] } | null>;
  loadPools?(deps: SourceDeps, unitId: string, pools: string[]): Promise<PoolDefinition[]>;
  checkHold?(unit: UnitDefinition, request: PlaceHoldInput, pools: PoolState[], now: number): Result<void>;
  publish(deps: SourceDeps, unitId: string, rows: PoolAvailability[], now: number): Promise<void>;
  codes: RefusalCodes;
  nouns: { unit: string; quantity: string; closed: string };
}

/** What a product's hold body maps to: one unit, its lines, the facts its rules read. */
export interface HoldTarget {
  unitId: string;
  lines: HoldLineRequest[];
  context?: PoolAttrs;
}

/**
 * A booking item's snapshot, taken at booking time: all emails, reminders, calendar entries and
 * the booking view render of the item. Times are epoch ms.
 */
export interface ItemSnapshot {
  title: string;
  details: [label: string, value: string][];
  location: string | null;
  startsAt: number;
  endsAt: number | null;
  timezone: string;
  calendarSummary: string;
  /** The reminder's sentence ("starts at 19:30; doors open at 18:30"). */
  reminder: string;
}
