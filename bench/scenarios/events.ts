import type { Miniflare } from "miniflare";
import type { LoadResult } from "../load.ts";
import { type BenchContext, get, measure, type Scenario } from "../scenario.ts";

/** Every hold of the measured run is granted, so the object's real work is measured. */
const HOLD_CAPACITY = 10_000_000;
const CONTENTION_CAPACITY = 20;

interface TierRow {
  event_id: string;
  tier_id: string;
  city_code: string;
  local_date: string;
}

/** Tiers on sale now in the seeded catalogue (their event open, the tier's window open). */
async function tiersOnSale(mf: Miniflare, limit: number): Promise<TierRow[]> {
  const db = await mf.getD1Database("DB");
  const now = Math.floor(Date.now() / 1000);
  const { results } = await db
    .prepare(
      `SELECT t.event_id, t.tier_id, e.city_code, e.local_date FROM ticket_tiers t JOIN events e ON e.id = t.event_id
       WHERE e.status = 'scheduled' AND e.sales_open_at <= ?1 AND e.sales_close_at > ?1 + 86400
         AND coalesce(t.sales_open_at, 0) <= ?1 AND coalesce(t.sales_close_at, e.sales_close_at) > ?1 + 86400
       ORDER BY e.popularity DESC, t.event_id, t.position LIMIT ?2`,
    )
    .bind(now, limit)
    .all<TierRow>();
  if (results.length < 2) throw new Error("the seed has no event tiers on sale: run the bench with a fresh seed");
  return results;
}

/** The events search a traveller runs: a city and a week, over the cities and dates the seed sells. */
export const searchEvents: Scenario = {
  id: "search-events",
  title: "GET /v1/events/search",
  async run(ctx) {
    const tiers = await tiersOnSale(ctx.worker.mf, 200);
    const queries = [...new Set(tiers.map((t) => `place=${t.city_code}&from=${t.local_date}`))];
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method: `GET /v1/events/search over ${queries.length} city-weeks with events on sale (all cache tiers as they come).`,
      requests: queries.map((q) => get(`/v1/events/search?${q}`)),
    });
    return result;
  },
};

/** The same searches with every cache tier hidden: each request reads its city-days from D1. */
export const searchEventsOrigin: Scenario = {
  id: "search-events-origin",
  title: "GET /v1/events/search, origin only (D1)",
  async run(ctx) {
    const tiers = await tiersOnSale(ctx.worker.mf, 200);
    const queries = [...new Set(tiers.map((t) => `place=${t.city_code}&from=${t.local_date}`))];
    const headers = { "x-bench-tiers": "none" };
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method: `x-bench-tiers: none (every request reads its city-days from D1). GET /v1/events/search over ${queries.length} city-weeks with events on sale.`,
      requests: queries.map((q) => get(`/v1/events/search?${q}`, headers)),
    });
    return result;
  },
};

const holdBody = (t: TierRow) => JSON.stringify({ event_id: t.event_id, tier_id: t.tier_id, quantity: 1 });
const granted = (load: LoadResult | null) => load?.status["201"] ?? 0;

async function tierState(ctx: BenchContext, t: TierRow) {
  const ns = await ctx.worker.mf.getDurableObjectNamespace("INVENTORY");
  // Miniflare's proxy types the stub without our class's methods.
  const stub = ns.get(ns.idFromName(t.event_id)) as unknown as {
    availability(): Promise<{ pool: string; capacity: number; held: number; sold: number }[]>;
    audit(): Promise<{ ok: boolean }>;
  };
  const row = (await stub.availability()).find((r) => r.pool === t.tier_id);
  return { row, auditOk: await (await stub.audit()).ok };
}

/** Ticket holds on one tier of one event: the event's object decides each, one at a time. */
export const eventHolds: Scenario = {
  id: "event-holds",
  title: "Ticket holds on one event tier",
  async run(ctx) {
    const [tier, small] = await tiersOnSale(ctx.worker.mf, 2);
    if (!tier || !small) throw new Error("two tiers on sale are needed");
    const db = await ctx.worker.mf.getD1Database("DB");
    // Before the object first loads the event from D1, so it starts with these capacities.
    const setCapacity = (t: TierRow, capacity: number) =>
      db
        .prepare(
          "UPDATE ticket_tiers SET capacity = ?1, remaining = ?1, max_per_order = min(max_per_order, ?1) WHERE event_id = ?2 AND tier_id = ?3",
        )
        .bind(capacity, t.event_id, t.tier_id)
        .run();
    await setCapacity(tier, HOLD_CAPACITY);
    await setCapacity(small, CONTENTION_CAPACITY);
    const { result, warmup } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `POST /v1/holds (1 ticket of ${tier.tier_id}) on ${tier.event_id}, ${ctx.opts.doConnections} concurrent clients; ` +
        `the tier's capacity is raised to ${HOLD_CAPACITY.toLocaleString("en")} in D1 first, so every hold is granted.`,
      requests: [
        { method: "POST", path: "/v1/holds", headers: { "content-type": "application/json" }, body: holdBody(tier) },
      ],
      connections: ctx.opts.doConnections,
    });
    const tickets = granted(warmup) + granted(result.load);
    // Requests cut off when a run stops still reach the Worker: their holds exist, unread.
    const cutOff = ctx.opts.doConnections * (result.runs.length + (warmup ? 1 : 0));
    const state = await tierState(ctx, tier);
    const committed = state.row ? state.row.held + state.row.sold : Number.NaN;
    result.checks.push({
      name: "holds granted = tickets held",
      ok: committed >= tickets && committed <= tickets + cutOff && state.auditOk,
      detail: `${tickets} holds read as 201, the object counts ${committed} tickets held (audit ${state.auditOk ? "ok" : "failed"})`,
    });
    const statuses = await Promise.all(
      Array.from({ length: CONTENTION_CAPACITY * 5 }, async () => {
        const res = await fetch(new URL("/v1/holds", ctx.base), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: holdBody(small),
        });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    const small201 = statuses.filter((s) => s === 201).length;
    const smallState = await tierState(ctx, small);
    result.checks.push({
      name: "no oversell of a tier under contention",
      ok: small201 === CONTENTION_CAPACITY && smallState.row?.held === CONTENTION_CAPACITY && smallState.auditOk,
      detail: `${statuses.length} concurrent holds on ${CONTENTION_CAPACITY} tickets: ${small201} granted, object holds ${smallState.row?.held}`,
    });
    return result;
  },
};
