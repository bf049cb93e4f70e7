import { and, asc, eq, exists, lt, type SQL, sql } from "drizzle-orm";
import type {
  InventorySource,
  PoolAvailability,
  PoolDefinition,
  SourceDeps,
  UnitDefinition,
} from "../../inventory/contract";
import { refundSteps } from "./refund-policy";
import { events, ticketTiers, waitlistEntries, waitlistLines } from "./schema";
import { cityVersionKey } from "./search/keys";

export const EVENTS_PRODUCT = "events";

type EventRow = Pick<typeof events.$inferSelect, "startsAt" | "currency" | "status" | "salesOpenAt" | "salesCloseAt">;
type TierRow = typeof ticketTiers.$inferSelect;

const ms = (seconds: number | null) => (seconds === null ? null : seconds * 1000);

/** The event as the engine's unit: no hold after the start, none outlives it. */
export function unitOf(eventId: string, e: EventRow): UnitDefinition {
  return {
    unitId: eventId,
    product: EVENTS_PRODUCT,
    status: e.status === "cancelled" ? "cancelled" : "open",
    closesAt: e.startsAt * 1000,
    currency: e.currency,
  };
}

/**
 * A tier as the engine's pool. The tier's window narrows the event's, never widens it (the seed
 * and the operator verbs keep it inside; the max/min here make a stray row harmless too).
 */
export function poolOf(e: EventRow, t: TierRow): PoolDefinition {
  const open = Math.max(t.salesOpenAt ?? e.salesOpenAt, e.salesOpenAt);
  const close = Math.min(t.salesCloseAt ?? e.salesCloseAt, e.salesCloseAt);
  return {
    pool: t.tierId,
    capacity: t.capacity,
    priceMinor: t.priceMinor,
    label: t.name,
    salesOpenAt: ms(open),
    salesCloseAt: ms(close),
    maxPerHold: t.maxPerOrder,
    refundPolicy: refundSteps(t.refundPolicy, e.startsAt),
    attrs: { position: t.position },
  };
}

async function load(deps: SourceDeps, eventId: string) {
  const { db } = deps;
  const [found, tiers] = await db.batch([
    db
      .select({
        startsAt: events.startsAt,
        currency: events.currency,
        status: events.status,
        salesOpenAt: events.salesOpenAt,
        salesCloseAt: events.salesCloseAt,
      })
      .from(events)
      .where(eq(events.id, eventId))
      .limit(1),
    db.select().from(ticketTiers).where(eq(ticketTiers.eventId, eventId)).orderBy(asc(ticketTiers.position)),
  ]);
  const event = found[0];
  if (!event) return null;
  return { unit: unitOf(eventId, event), pools: tiers.map((t) => poolOf(event, t)) };
}

async function loadPools(deps: SourceDeps, eventId: string, pools: string[]): Promise<PoolDefinition[]> {
  const loaded = await load(deps, eventId);
  const wanted = new Set(pools);
  return loaded ? loaded.pools.filter((p) => wanted.has(p.pool)) : [];
}

export interface EventsInventoryOptions {
  /**
   * Moves the search caches of these cities to a new version (bumpEventCities). Called by publish
   * only when a tier sells out or comes back, or its capacity or price moved: those change what a
   * card says (sold_out, price_from) beyond an advisory count. Plain count changes do not bump:
   * holds move them constantly, and they follow within max_stale_s. Default: the object's
   * SourceDeps.bumpScopes (KV), with each city's events scope.
   */
  invalidateCities?: (cityCodes: string[]) => Promise<unknown>;
}

/** The object's own way to bump (SourceDeps.bumpScopes), with each city's events scope. */
const bumpThroughObject = (deps: SourceDeps) => async (cityCodes: string[]) =>
  deps.bumpScopes?.(cityCodes.map(cityVersionKey));

/** Whether the published numbers change more than the advisory count of a tier. */
export function changesCard(before: Pick<TierRow, "remaining" | "capacity" | "priceMinor">, after: PoolAvailability) {
  return (
    (before.remaining === 0) !== (after.available === 0) ||
    before.capacity !== after.capacity ||
    before.priceMinor !== after.priceMinor
  );
}

const published = (r: PoolAvailability) => Math.min(Math.max(r.available, 0), r.capacity);

/**
 * The waitlist's hook, engine-neutral: tickets a tier's published count gained since the last
 * publish came back (a hold expired or was released, a booking was cancelled), or an operator
 * raised its capacity (operator/tiers.ts, with `count` the SQL of the new remaining). When someone
 * is waiting for that tier they are added to its line's pending tickets, which the per-minute cron
 * offers down the line (waitlist/cron.ts). It runs in the same D1 batch as the write of the new
 * count, before it, so each rise is counted exactly once whichever of the two writes it first,
 * and never inside the object's transaction.
 */
export function recordReturns(deps: Pick<SourceDeps, "db">, eventId: string, tierId: string, count: number | SQL) {
  const { db } = deps;
  const waiting = db
    .select({ one: sql`1` })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.eventId, ticketTiers.eventId),
        eq(waitlistEntries.tierId, ticketTiers.tierId),
        eq(waitlistEntries.status, "waiting"),
      ),
    );
  const rise = db
    .select({
      eventId: ticketTiers.eventId,
      tierId: ticketTiers.tierId,
      pending: sql<number>`${count} - ${ticketTiers.remaining}`.as("pending"),
      leaseOwner: sql<null>`NULL`.as("lease_owner"),
      leaseUntil: sql<null>`NULL`.as("lease_until"),
    })
    .from(ticketTiers)
    .where(
      and(
        eq(ticketTiers.eventId, eventId),
        eq(ticketTiers.tierId, tierId),
        lt(ticketTiers.remaining, count),
        exists(waiting),
      ),
    );
  return db
    .insert(waitlistLines)
    .select(rise)
    .onConflictDoUpdate({
      target: [waitlistLines.eventId, waitlistLines.tierId],
      set: { pending: sql`${waitlistLines.pending} + excluded.pending` },
    });
}

/**
 * Copies the object's numbers to `ticket_tiers` (remaining, and capacity and price, which after
 * the first load change in the object first). One D1 batch: the read of the previous numbers and
 * every write in one transaction, so the comparison sees what the writes replace.
 */
async function publish(
  options: EventsInventoryOptions,
  deps: SourceDeps,
  eventId: string,
  rows: PoolAvailability[],
  nowMs: number,
): Promise<void> {
  const { db } = deps;
  if (rows.length === 0) return;
  const updatedAt = Math.floor(nowMs / 1000);
  const before = db
    .select({
      tierId: ticketTiers.tierId,
      remaining: ticketTiers.remaining,
      capacity: ticketTiers.capacity,
      priceMinor: ticketTiers.priceMinor,
      cityCode: events.cityCode,
    })
    .from(ticketTiers)
    .innerJoin(events, eq(events.id, ticketTiers.eventId))
    .where(eq(ticketTiers.eventId, eventId));
  const returns = rows.map((r) => recordReturns(deps, eventId, r.pool, published(r)));
  const writes = rows.map((r) =>
    db
      .update(ticketTiers)
      .set({
        remaining: published(r),
        capacity: r.capacity,
        priceMinor: r.priceMinor,
        // CHECK max_per_order <= capacity: a capacity cut below the order limit lowers the limit too.
        maxPerOrder: sql`min(${ticketTiers.maxPerOrder}, ${r.capacity})`,
        updatedAt,
      })
      .where(and(eq(ticketTiers.eventId, eventId), eq(ticketTiers.tierId, r.pool))),
  );
  const [previous] = await db.batch([before, ...returns, ...writes]);
  const invalidateCities = options.invalidateCities ?? bumpThroughObject(deps);
  const byTier = new Map(previous.map((p) => [p.tierId, p]));
  const moved = rows.some((r) => {
    const was = byTier.get(r.pool);
    return was !== undefined && changesCard(was, r);
  });
  const city = previous[0]?.cityCode;
  if (moved && city) await invalidateCities([city]);
}

/** The events product's InventorySource: one object per event, one pool per ticket tier. */
export function createEventsInventory(options: EventsInventoryOptions = {}): InventorySource {
  return {
    load,
    loadPools,
    publish: (deps, eventId, rows, now) => publish(options, deps, eventId, rows, now),
    codes: {
      unitNotFound: "EVENT_NOT_FOUND",
      unitCancelled: "EVENT_CANCELLED",
      salesClosed: "SALES_CLOSED",
      poolNotFound: "TIER_NOT_FOUND",
      insufficient: "INSUFFICIENT_TICKETS",
      invalidQuantity: "VALIDATION_FAILED",
    },
    nouns: { unit: "event", quantity: "tickets", closed: "has already started" },
  };
}

/** The one instance every event's object runs (ProductModule.inventory): it bumps through the object's bumpScopes. */
export const eventsInventory = createEventsInventory();
