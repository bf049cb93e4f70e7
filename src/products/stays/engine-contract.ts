import type { Database } from "../../db/client";
import type { ErrorCode, Result } from "../../lib/result";

/**
 * A local copy of the product-neutral engine's types that stays implements (/work/helpers/ENGINE.md,
 * aligned with src/inventory/contract.ts on the engine branch). The engine's real imports replace
 * this one file at merge; nothing else in the product names the engine.
 */

/** Product data a rule reads (stays: roomTypeId, night, minStay, closed, closedToArrival, maxAdults…). */
export type PoolAttrs = Record<string, string | number | boolean>;

/** The first step whose `before` (epoch ms) is after now applies; after the last, nothing comes back. */
export interface RefundStep {
  before: number;
  /** Share of the price refunded, in basis points (10 000 = all of it). */
  refundBps: number;
}

export interface UnitDefinition {
  unitId: string;
  product: string;
  status: "open" | "cancelled";
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

export const POOL_NAME = /^[A-Za-z0-9_.:@-]{1,64}$/;

export interface PoolState extends PoolDefinition {
  held: number;
  sold: number;
}

export interface PoolAvailability {
  pool: string;
  label: string;
  capacity: number;
  held: number;
  sold: number;
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

/** What a product's hold body maps to (the engine adds the hold id and time to live). */
export type HoldRequest = Pick<PlaceHoldInput, "unitId" | "lines"> & { context: PoolAttrs };

export interface HoldLine {
  pool: string;
  label: string;
  quantity: number;
  unitPriceMinor: number;
  totalMinor: number;
  refundPolicy: RefundStep[];
}

export type HoldStatus = "held" | "confirmed" | "released" | "expired" | "cancelled";

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

export interface PoolChange {
  pool: string;
  capacity?: number;
  priceMinor?: number;
  salesOpenAt?: number | null;
  salesCloseAt?: number | null;
  definition?: PoolDefinition;
}

export interface OperatorChanges {
  reason: string;
  pools?: PoolChange[];
  cancelUnit?: boolean;
}

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

/** A booking item as emails, reminders, calendar entries and the booking view show it (ENGINE.md "Snapshot"). */
export interface ItemSnapshot {
  title: string;
  details: [label: string, value: string][];
  location: string;
  /** ISO 8601 instants (UTC) and the IANA zone they are shown in. */
  starts_at: string;
  ends_at: string;
  timezone: string;
  calendar_summary: string;
}
