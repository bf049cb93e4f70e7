import type { Database } from "../db/client";
import type { ErrorCode, Result } from "../lib/result";
import type { CountsByPool } from "./invariant";

/**
 * The inventory engine's types: what a product tells the engine about a unit and its pools
 * (UnitDefinition, PoolDefinition, InventorySource), and the Durable Object's RPC surface
 * (InventoryRpc), shared by the object (workers/inventory-object.ts) and its callers (holds,
 * bookings, operator routes). Every write is idempotent by its hold id. docs/inventory.md.
 */

/** Product data a rule reads (stays: minStay, closedToArrival, maxAdults, night). */
export type PoolAttrs = Record<string, string | number | boolean>;

/** The first step whose `before` (epoch ms) is after now applies; after the last, nothing comes back. */
export interface RefundStep {
  before: number;
  /** Share of the line's price refunded, in basis points (10 000 = all of it). */
  refundBps: number;
}

/** What a unit is (a departure, a property, an event), loaded from D1 by the product's InventorySource. */
export interface UnitDefinition {
  unitId: string;
  /** Registry key: "departures" | "stays" | "events". */
  product: string;
  /** Cancelled: nothing new is held; sold lines are stranded for the bookings layer to refund. */
  status: "open" | "cancelled";
  /** Epoch ms; no hold after it, and no hold outlives it (a departure time, an event's start). Null: never. */
  closesAt: number | null;
  /** Every pool of a unit sells in one currency. */
  currency: string;
}

/** One pool: a fare class, a room type on one night, a ticket tier. */
export interface PoolDefinition {
  /** Unique in the unit: POOL_NAME ("economy", "rt_abc@2026-12-05", "tier_ga"). */
  pool: string;
  capacity: number;
  /** Per unit of quantity, minor units of the unit's currency. */
  priceMinor: number;
  /** What a traveller reads: "Business", "Deluxe King", "General admission". */
  label: string;
  /** Epoch ms; before it: SALES_NOT_OPEN. */
  salesOpenAt: number | null;
  /** Epoch ms; at or after it the pool is closed, and holds on it expire by it at the latest. */
  salesCloseAt: number | null;
  /** ORDER_LIMIT_EXCEEDED above it. */
  maxPerHold: number | null;
  /** Locked into each hold line with the price. */
  refundPolicy: RefundStep[];
  attrs: PoolAttrs;
}

export const POOL_NAME = /^[A-Za-z0-9_.:@-]{1,64}$/;

/** A pool as the object keeps it: its definition plus the counts only the object decides. */
export interface PoolState extends PoolDefinition {
  held: number;
  sold: number;
}

/** What the object publishes to D1 (advisory, for search) and answers to availability(). */
export interface PoolAvailability {
  pool: string;
  label: string;
  capacity: number;
  held: number;
  sold: number;
  /** What a hold could get now: 0 on a cancelled or closed unit, or a pool whose sales are closed. */
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
  /** 1..HOLD_POLICY.maxLines, each pool at most once; all granted or none. */
  lines: HoldLineRequest[];
  ttlSeconds: number;
  /** Product facts about the request the rules read (stays: adults, children); stored with the hold. */
  context?: PoolAttrs;
}

export type HoldStatus = "held" | "confirmed" | "released" | "expired" | "cancelled";

export interface HoldLine {
  pool: string;
  label: string;
  quantity: number;
  /** Locked when the hold was placed, per unit of quantity, minor units. */
  unitPriceMinor: number;
  totalMinor: number;
  /** Locked when the hold was placed. */
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
  /** Epoch ms. */
  expiresAt: number;
  extended: boolean;
  bookingId: string | null;
  createdAt: number;
  context: PoolAttrs;
}

export type LedgerKind =
  | "initialised"
  | "pool_added"
  | "hold_placed"
  | "hold_extended"
  | "hold_released"
  | "hold_expired"
  | "confirmed"
  | "cancelled"
  | "capacity_changed"
  | "price_changed"
  | "sales_window_changed"
  /** A pool's label, per-hold limit, refund policy or attributes replaced by an operator's definition. */
  | "rules_changed"
  | "unit_cancelled";

/** One entry per pool a step touched (a hold of three lines writes three entries). */
export interface LedgerEntry {
  seq: number;
  at: number;
  kind: LedgerKind;
  pool: string | null;
  holdId: string | null;
  bookingId: string | null;
  heldDelta: number;
  soldDelta: number;
  capacityDelta: number;
  reason: string | null;
}

/** One pool's change. A full `definition` adds a pool the object has not materialised yet. */
export interface PoolChange {
  pool: string;
  capacity?: number;
  priceMinor?: number;
  salesOpenAt?: number | null;
  salesCloseAt?: number | null;
  definition?: PoolDefinition;
}

/** One operator request: every pool change and the unit's cancellation in one transaction, all or nothing. */
export interface OperatorChanges {
  reason: string;
  pools?: PoolChange[];
  cancelUnit?: boolean;
}

/** What an operator (or a test) reads to check the object: table counts against the replayed ledger. */
export interface InventoryAudit {
  ok: boolean;
  counts: CountsByPool;
  replayed: CountsByPool;
  violations: string[];
}

/**
 * A sold hold on a cancelled unit. The object does not refund: the bookings layer refunds each one
 * and then calls cancelHold(holdId), which returns the units and drops it from the list.
 */
export interface StrandedHold {
  holdId: string;
  bookingId: string;
  lines: HoldLine[];
  totalMinor: number;
  currency: string;
}

export interface InventoryRpc {
  placeHold(input: PlaceHoldInput): Promise<Result<HoldView>>;
  extendHold(holdId: string, ttlSeconds: number): Promise<Result<HoldView>>;
  releaseHold(holdId: string, reason: string): Promise<Result<HoldView>>;
  confirmHold(holdId: string, bookingId: string): Promise<Result<HoldView>>;
  /** Returns a confirmed hold's units (a cancelled booking). */
  cancelHold(holdId: string, reason: string): Promise<Result<HoldView>>;
  getHold(holdId: string): Promise<HoldView | null>;
  availability(): Promise<PoolAvailability[]>;
  /** The same, or null when there is no such unit (a live page's start: GET /v1/units/{unit_id}/live). */
  liveAvailability(): Promise<PoolAvailability[] | null>;
  ledger(afterSeq?: number, limit?: number): Promise<LedgerEntry[]>;
  /** All or nothing, in one transaction. */
  applyOperatorChanges(changes: OperatorChanges): Promise<Result<PoolAvailability[]>>;
  /** Empty unless the unit is cancelled. */
  strandedHolds(): Promise<StrandedHold[]>;
  audit(): Promise<InventoryAudit>;
}

/** The engine's refusals a product words its own way (DEPARTURE_NOT_FOUND vs EVENT_NOT_FOUND…). */
export type RefusalCodes = Record<
  "unitNotFound" | "unitCancelled" | "salesClosed" | "poolNotFound" | "insufficient" | "invalidQuantity",
  ErrorCode
>;

export interface SourceDeps {
  db: Database;
  /**
   * New invalidation versions for these cache scopes (ScopeVersions.bump on the Worker's KV), for a
   * publish that changes what cached searches would show (stays: a night selling out or reopening).
   */
  bumpScopes?: (scopes: string[]) => Promise<unknown>;
}

/**
 * What a product implements so the engine can sell its units; it runs inside the unit's object.
 * Loads are read-only; `checkHold` is synchronous and runs inside the object's transaction.
 */
export interface InventorySource {
  /** The unit and the pools known at first use; null when D1 has no such unit. */
  load(deps: SourceDeps, unitId: string): Promise<{ unit: UnitDefinition; pools: PoolDefinition[] } | null>;
  /** Pools not loaded at first use (stays materialise nights on demand); unknown names are left out. */
  loadPools?(deps: SourceDeps, unitId: string, pools: string[]): Promise<PoolDefinition[]>;
  /** Product rules, after the generic shape and state checks and before capacity is counted. */
  checkHold?(unit: UnitDefinition, request: PlaceHoldInput, pools: PoolState[], now: number): Result<void>;
  /** Copies advisory availability to the product's D1 tables for search (coalesced by the object). */
  publish(deps: SourceDeps, unitId: string, rows: PoolAvailability[], now: number): Promise<void>;
  codes: RefusalCodes;
  /**
   * Words of the refusal details: { unit: "departure", quantity: "seats", closed: "has already
   * left" }; `cancelled` is what a cancelled unit "is" (default "cancelled": a property is "closed").
   */
  nouns: UnitNouns;
  /**
   * The detail of an insufficient refusal, in the product's words. Default: by pool name
   * ("Only 1 business seats left."), which reads right only where a pool's name is a word a
   * traveller knows (a cabin); stays name the room type and the night instead.
   */
  shortageDetail?(short: readonly ShortLine[]): string;
}

export interface UnitNouns {
  unit: string;
  quantity: string;
  closed: string;
  cancelled?: string;
}

/** A line of a hold that its pool cannot fill: what was asked and what is left. */
export interface ShortLine {
  pool: PoolState;
  requested: number;
  left: number;
}
