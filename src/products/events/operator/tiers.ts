import { and, eq, sql } from "drizzle-orm";
import type { PoolAvailability, PoolChange } from "../../../inventory/contract";
import { err, ok, type Result } from "../../../lib/result";
import { type EventDetails, loadEventDetails, type TierRow } from "../details";
import { MAX_TICKETS_PER_ORDER } from "../holds/request";
import { poolOf, recordReturns } from "../inventory";
import type { RefundRule } from "../model";
import { ticketTiers } from "../schema";
import type { EventOperatorDeps } from "./deps";

/** One tier's change; a window bound set to null falls back to the event's. Epoch seconds. */
export interface TierPatch {
  tierId: string;
  capacity?: number;
  priceMinor?: number;
  salesOpenAt?: number | null;
  salesCloseAt?: number | null;
}

export interface NewTier {
  tierId: string;
  name: string;
  capacity: number;
  priceMinor: number;
  maxPerOrder: number;
  salesOpenAt: number | null;
  salesCloseAt: number | null;
  refund: RefundRule[];
}

/** The event, open for changes: it exists and is not cancelled. */
async function changeable(deps: EventOperatorDeps, eventId: string): Promise<Result<EventDetails>> {
  const found = await loadEventDetails(deps.db, eventId);
  if (!found) return err("EVENT_NOT_FOUND", `No event has the id '${eventId}'.`);
  if (found.event.status === "cancelled") return err("EVENT_CANCELLED", "A cancelled event cannot be changed.");
  return ok(found);
}

/** A tier's window must sit inside the event's (a tier narrows the event's window, never widens it). */
function checkWindow(d: EventDetails, field: string, open: number | null, close: number | null): Result<void> {
  const { salesOpenAt, salesCloseAt } = d.event;
  const effectiveOpen = open ?? salesOpenAt;
  const effectiveClose = close ?? salesCloseAt;
  if (effectiveOpen < salesOpenAt || effectiveClose > salesCloseAt) {
    return err("VALIDATION_FAILED", `${field}: a tier's sales window must lie inside the event's.`);
  }
  if (effectiveOpen >= effectiveClose) return err("VALIDATION_FAILED", `${field}: sales must open before they close.`);
  return ok(undefined);
}

function checkPatch(d: EventDetails, patch: TierPatch, index: number): Result<TierRow> {
  const tier = d.tiers.find((t) => t.tierId === patch.tierId);
  if (!tier) return err("TIER_NOT_FOUND", `tiers[${index}]: the event has no tier '${patch.tierId}'.`);
  const open = patch.salesOpenAt === undefined ? tier.salesOpenAt : patch.salesOpenAt;
  const close = patch.salesCloseAt === undefined ? tier.salesCloseAt : patch.salesCloseAt;
  const window = checkWindow(d, `tiers[${index}]`, open, close);
  return window.ok ? ok(tier) : window;
}

const ms = (s: number | null | undefined) => (s === undefined ? undefined : s === null ? null : s * 1000);

/** The engine's change for one tier: only what the operator sent, windows as the event's fallback applies. */
export function poolChangeOf(d: EventDetails, patch: TierPatch): PoolChange {
  const { salesOpenAt, salesCloseAt } = d.event;
  return {
    pool: patch.tierId,
    ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
    ...(patch.priceMinor !== undefined ? { priceMinor: patch.priceMinor } : {}),
    ...(patch.salesOpenAt !== undefined ? { salesOpenAt: ms(patch.salesOpenAt ?? salesOpenAt) } : {}),
    ...(patch.salesCloseAt !== undefined ? { salesCloseAt: ms(patch.salesCloseAt ?? salesCloseAt) } : {}),
  };
}

/**
 * An operator's change to tiers of one event (capacity, price, sales window). The object checks
 * and applies the whole change in one transaction (it refuses a capacity below what is held and
 * sold); D1 then mirrors what it accepted and the city's cached searches move to a new version.
 */
export async function changeTiers({
  deps,
  input,
}: {
  deps: EventOperatorDeps;
  input: { eventId: string; reason: string; tiers: TierPatch[] };
}): Promise<Result<EventDetails>> {
  const current = await changeable(deps, input.eventId);
  if (!current.ok) return current;
  const ids = input.tiers.map((t) => t.tierId);
  if (new Set(ids).size !== ids.length) return err("VALIDATION_FAILED", "tiers: each tier may appear once.");
  for (const [i, patch] of input.tiers.entries()) {
    const checked = checkPatch(current.value, patch, i);
    if (!checked.ok) return checked;
  }
  const applied = await deps.applyOperatorChanges(input.eventId, {
    reason: input.reason,
    pools: input.tiers.map((t) => poolChangeOf(current.value, t)),
  });
  if (!applied.ok) return applied;
  await mirrorTiers(deps, input.eventId, input.tiers, applied.value);
  return reloaded(deps, current.value);
}

async function mirrorTiers(deps: EventOperatorDeps, eventId: string, patches: TierPatch[], pools: PoolAvailability[]) {
  const { db } = deps;
  const updatedAt = Math.floor(deps.now() / 1000);
  const byPool = new Map(pools.map((p) => [p.pool, p]));
  const writes = patches.flatMap((p) => {
    const accepted = byPool.get(p.tierId);
    // Only what the operator changed is written: capacity and price as the object accepted them.
    const capacity = p.capacity === undefined ? undefined : (accepted?.capacity ?? p.capacity);
    // The object also publishes remaining (absolute, after every hold): writing our copy could
    // overwrite a newer publish, so remaining moves by the capacity delta, which commutes with any
    // publish. CHECK max_per_order <= capacity keeps the limit inside.
    const remaining =
      capacity === undefined
        ? undefined
        : sql`max(0, min(${capacity}, ${ticketTiers.remaining} + ${capacity} - ${ticketTiers.capacity}))`;
    const update = db
      .update(ticketTiers)
      .set({
        ...(capacity !== undefined
          ? { capacity, remaining, maxPerOrder: sql`min(${ticketTiers.maxPerOrder}, ${capacity})` }
          : {}),
        ...(p.priceMinor !== undefined ? { priceMinor: accepted?.priceMinor ?? p.priceMinor } : {}),
        ...(p.salesOpenAt !== undefined ? { salesOpenAt: p.salesOpenAt } : {}),
        ...(p.salesCloseAt !== undefined ? { salesCloseAt: p.salesCloseAt } : {}),
        updatedAt,
      })
      .where(and(eq(ticketTiers.eventId, eventId), eq(ticketTiers.tierId, p.tierId)));
    // A raise frees tickets as a return does: the waitlist's line gains them, before the write of
    // the new count, so the rise is counted once whether this or the object's publish lands first.
    return remaining === undefined ? [update] : [recordReturns(deps, eventId, p.tierId, remaining), update];
  });
  const [first, ...rest] = writes;
  if (first) await db.batch([first, ...rest]);
}

async function reloaded(deps: EventOperatorDeps, before: EventDetails): Promise<Result<EventDetails>> {
  await deps.bumpCities([before.event.cityCode]);
  const after = await loadEventDetails(deps.db, before.event.id);
  return after ? ok(after) : err("EVENT_NOT_FOUND", `No event has the id '${before.event.id}'.`);
}

/** Adds a tier: the object learns its full definition first (it may sell it at once), then D1 for search and details. */
export async function addTier({
  deps,
  input,
}: {
  deps: EventOperatorDeps;
  input: { eventId: string; reason: string; tier: NewTier };
}): Promise<Result<EventDetails>> {
  const current = await changeable(deps, input.eventId);
  if (!current.ok) return current;
  const { tier } = input;
  if (current.value.tiers.some((t) => t.tierId === tier.tierId)) {
    return err("TIER_EXISTS", `The event has a tier '${tier.tierId}' already.`);
  }
  if (tier.maxPerOrder > Math.min(tier.capacity, MAX_TICKETS_PER_ORDER)) {
    return err(
      "VALIDATION_FAILED",
      `tier.max_per_order: at most the capacity and at most ${MAX_TICKETS_PER_ORDER} tickets per order.`,
    );
  }
  const rules = [...tier.refund].sort((a, b) => b.hours_before - a.hours_before);
  const window = checkWindow(current.value, "tier", tier.salesOpenAt, tier.salesCloseAt);
  if (!window.ok) return window;
  const row: TierRow = {
    eventId: input.eventId,
    tierId: tier.tierId,
    position: Math.max(-1, ...current.value.tiers.map((t) => t.position)) + 1,
    name: tier.name,
    capacity: tier.capacity,
    priceMinor: tier.priceMinor,
    maxPerOrder: tier.maxPerOrder,
    salesOpenAt: tier.salesOpenAt,
    salesCloseAt: tier.salesCloseAt,
    refundPolicy: rules,
    remaining: tier.capacity,
    updatedAt: Math.floor(deps.now() / 1000),
  };
  const applied = await deps.applyOperatorChanges(input.eventId, {
    reason: input.reason,
    pools: [{ pool: tier.tierId, definition: poolOf(current.value.event, row) }],
  });
  if (!applied.ok) return applied;
  // A concurrent request adding the same id lost the race in D1; the object has one definition of it.
  await deps.db.insert(ticketTiers).values(row).onConflictDoNothing();
  return reloaded(deps, current.value);
}
