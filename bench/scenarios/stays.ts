import { mulberry32 } from "../mix.ts";
import { type BenchContext, get, measure, type Scenario } from "../scenario.ts";

/**
 * Stays: search (hot, every tier as in production; origin only) and multi-night holds on one
 * property against a bare call to the same property's object. Stays search reads one cache entry
 * per city-night plus the city's listing, so a stay's cost grows with its nights, not its results.
 */
const HOT = { searches: 20_000, quickSearches: 4_000, seed: 11, warmupSeconds: 10 };
const NIGHTS = 3;
/** The room type's count is raised to this in D1 before its object first loads: every hold is granted. */
const HOLD_ROOMS = 10_000_000;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

function stayPath(city: string, checkIn: number, nights: number): string {
  return `/v1/stays/search?place=${city}&check_in=${day(checkIn)}&check_out=${day(checkIn + nights)}&adults=2`;
}

/** Searches skewed like real traffic: a few cities and near dates most of the time (cube of a uniform draw). */
function draws(ctx: BenchContext, count: number): string[] {
  const random = mulberry32(HOT.seed);
  const cities = ctx.fixtures.stayCities;
  const skew = (n: number) => Math.min(n - 1, Math.floor(n * random() ** 3));
  return Array.from({ length: count }, () =>
    stayPath(cities[skew(cities.length)] as string, 1 + skew(30), 1 + skew(5)),
  );
}

export const staySearchHot: Scenario = {
  id: "stay-search-hot",
  title: "Stay search, hot (skewed mix, all tiers)",
  async run(ctx) {
    const paths = draws(ctx, ctx.opts.quick ? HOT.quickSearches : HOT.searches);
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `All tiers as in production. ${paths.length.toLocaleString("en")} stay searches (seed ${HOT.seed}) over ` +
        `${ctx.fixtures.stayCities.length} cities, check-in 1-30 days out, 1-5 nights, two adults, skewed to the ` +
        `first cities and dates (${new Set(paths).size.toLocaleString("en")} distinct URLs).`,
      requests: paths.map((p) => get(p)),
      warmup: ctx.opts.quick ? 0 : HOT.warmupSeconds,
    });
    return result;
  },
};

export const staySearchOrigin: Scenario = {
  id: "stay-search-origin",
  title: "Stay search, origin only (D1)",
  async run(ctx) {
    const headers = { "x-bench-tiers": "none" };
    const paths = ctx.fixtures.stayCities.flatMap((city) =>
      Array.from({ length: ctx.opts.quick ? 5 : 20 }, (_, i) => stayPath(city, 1 + i, 1 + (i % 4))),
    );
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `x-bench-tiers: none (every request reads D1: listing, rates, overrides, closures, published rooms). ` +
        `${paths.length} stays of 1-4 nights over ${ctx.fixtures.stayCities.length} cities.`,
      requests: paths.map((p) => get(p, headers)),
    });
    return result;
  },
};

export const stayDoPing: Scenario = {
  id: "stay-do-ping",
  title: "Bare Durable Object call (a property)",
  async run(ctx) {
    const { propertyId } = ctx.fixtures.stayRoom;
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method: `GET /__bench/do-ping: ping() on ${propertyId}'s object (no storage), ${ctx.opts.doConnections} concurrent clients.`,
      requests: [get(`/__bench/do-ping?departure_id=${propertyId}`)],
      connections: ctx.opts.doConnections,
    });
    return result;
  },
};

interface Availability {
  pool: string;
  held: number;
  sold: number;
}

export const stayHolds: Scenario = {
  id: "stay-holds",
  title: `Holds of ${NIGHTS} nights on one property`,
  async run(ctx) {
    const { propertyId, roomTypeId } = ctx.fixtures.stayRoom;
    const db = await ctx.worker.mf.getD1Database("DB");
    await db.prepare("UPDATE room_types SET room_count = ?1 WHERE id = ?2").bind(HOLD_ROOMS, roomTypeId).run();
    // Check-ins spread over 20 days: one hold is NIGHTS lines, each a night's pool of the same object.
    const requests = Array.from({ length: 20 }, (_, i) => ({
      method: "POST" as const,
      path: "/v1/holds",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        property_id: propertyId,
        room_type_id: roomTypeId,
        check_in: day(10 + i),
        check_out: day(10 + i + NIGHTS),
        rooms: 1,
        adults: 1,
      }),
    }));
    const { result, warmup } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `POST /v1/holds (1 room, ${NIGHTS} nights, check-ins over 20 days) on ${propertyId}, ${ctx.opts.doConnections} ` +
        `concurrent clients; the room type's count is raised to ${HOLD_ROOMS.toLocaleString("en")} in D1 first, so every hold is granted.`,
      requests,
      connections: ctx.opts.doConnections,
    });
    const granted = (warmup?.status["201"] ?? 0) + (result.load?.status["201"] ?? 0);
    const cutOff = ctx.opts.doConnections * (result.runs.length + (warmup ? 1 : 0));
    const ns = await ctx.worker.mf.getDurableObjectNamespace("INVENTORY");
    const stub = ns.get(ns.idFromName(propertyId)) as unknown as {
      availability(): Promise<Availability[]>;
      audit(): Promise<{ ok: boolean }>;
    };
    const rows = await stub.availability();
    const audit = await stub.audit();
    const committed = rows.reduce((sum, r) => sum + r.held + r.sold, 0);
    result.checks.push({
      name: "every night of every granted hold counted once",
      ok: committed >= granted * NIGHTS && committed <= (granted + cutOff) * NIGHTS && (await audit.ok),
      detail:
        `${granted} holds read as 201, the object counts ${committed} room-nights held (${NIGHTS} per hold; ` +
        `up to ${cutOff} holds cut off when the load stopped); ledger audit ${(await audit.ok) ? "ok" : "failed"}`,
    });
    return result;
  },
};
