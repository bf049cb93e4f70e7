import { CACHE_POLICY } from "../../src/config.ts";
import { type RouteDay, shuffled } from "../fixtures.ts";
import { QUERY_VARIANTS, zipfMix } from "../mix.ts";
import { type BenchContext, get, measure, type Scenario } from "../scenario.ts";

/**
 * Route-days in the hot mix (busiest first) and draws from it; the tier scenarios use others.
 * The warm-up replays the mix long enough for its steady state: the tail popular enough to be in
 * KV, as in an isolate that has served this traffic for a while, not one that just started.
 */
const HOT = { routeDays: 3000, quickRouteDays: 1000, requests: 60_000, seed: 42, exponent: 1, warmupSeconds: 10 };
const TIER_ROUTES = 300;
export const searchPath = (r: RouteDay, extra = "") =>
  `/v1/search?origin=${r.origin}&destination=${r.destination}&date=${r.date}${extra}`;

/**
 * Sequential passes over `paths` with a little concurrency, to put route-days where a tier wants
 * them. Answers other than 2xx do not stop the run (a later scenario still deserves its numbers):
 * they come back as a failed check with the first one's status and body.
 */
/**
 * Searches each path `passes` times in a row (8 paths at a time), so a path's searches fall in one
 * popularity window (a minute) and `passes` of them make it popular, as a live key would be.
 */
export async function visit(ctx: BenchContext, paths: string[], headers: Record<string, string>, passes: number) {
  let failed = 0;
  let first = "";
  const queue = [...paths];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
        for (let pass = 0; pass < passes; pass++) {
          const res = await fetch(new URL(p, ctx.base), { headers });
          const body = await res.text();
          if (res.ok) continue;
          failed++;
          first ||= `${p} answered ${res.status}: ${body.slice(0, 300)}`;
        }
      }
    }),
  );
  return {
    name: "the warm-up's searches answer 2xx",
    ok: failed === 0,
    detail:
      failed === 0
        ? `${paths.length * passes} searches`
        : `${failed} of ${paths.length * passes} did not; first: ${first}`,
  };
}

export const searchHot: Scenario = {
  id: "search-hot",
  title: "Search, hot (realistic mix, all tiers)",
  async run(ctx) {
    const routes = ctx.fixtures.cityRouteDays.slice(0, ctx.opts.quick ? HOT.quickRouteDays : HOT.routeDays);
    const draws = zipfMix({ routes, requests: HOT.requests, seed: HOT.seed, exponent: HOT.exponent });
    const distinct = new Set(draws.map((d) => searchPath(d.route, d.variant))).size;
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `All tiers as in production. ${HOT.requests.toLocaleString("en")} searches drawn (seed ${HOT.seed}) from ` +
        `${routes.length.toLocaleString("en")} city-pair route-days, busiest first, and ${QUERY_VARIANTS.length} query variants ` +
        `(passengers, sort, page size), both Zipf-distributed (exponent ${HOT.exponent}): ${distinct.toLocaleString("en")} distinct URLs. ` +
        "Memory entries live 8-10 s and are re-read from KV in the background after 70 % of that, while still served. " +
        `The mix is replayed for ${ctx.opts.quick ? ctx.opts.warmup : HOT.warmupSeconds} s before measuring (steady state: the tail is popular enough to be in KV).`,
      requests: draws.map((d) => get(searchPath(d.route, d.variant))),
      warmup: ctx.opts.quick ? 0 : HOT.warmupSeconds,
    });
    result.extra.distinctUrls = distinct;
    return result;
  },
};

function tierScenario(a: {
  id: string;
  title: string;
  tier: "kv" | "redis";
  passes: number;
  routes: (ctx: BenchContext) => RouteDay[];
  why: string;
}): Scenario {
  return {
    id: a.id,
    title: a.title,
    needsRedis: a.tier === "redis",
    async run(ctx) {
      const headers = { "x-bench-tiers": a.tier };
      const paths = a.routes(ctx).map((r) => searchPath(r));
      const warmed = await visit(ctx, paths, headers, a.passes);
      const { result } = await measure(ctx, {
        id: a.id,
        title: a.title,
        method: `x-bench-tiers: ${a.tier} (bench-only: the other tiers are skipped). ${paths.length} route-days, ${a.why}`,
        requests: paths.map((p) => get(p, headers)),
      });
      result.checks.push(warmed);
      return result;
    },
  };
}

/** Route-days from the hot mix's tail, so the tier scenarios find them uncached by the mix. */
const tierRoutes = (ctx: BenchContext) => {
  const tail = ctx.fixtures.cityRouteDays.slice(ctx.opts.quick ? HOT.quickRouteDays : HOT.routeDays);
  return (tail.length >= TIER_ROUTES ? tail : ctx.fixtures.cityRouteDays).slice(0, ctx.opts.quick ? 100 : TIER_ROUTES);
};

export const searchKv = tierScenario({
  id: "search-kv",
  title: "Search, KV tier",
  tier: "kv",
  passes: CACHE_POLICY.popularThreshold,
  routes: (ctx) => tierRoutes(ctx),
  why: `each searched ${CACHE_POLICY.popularThreshold} times in a row first, so it counts as popular (that many searches in a minute) and is written to KV.`,
});

export const searchRedis = tierScenario({
  id: "search-redis",
  title: "Search, Redis tier",
  tier: "redis",
  passes: 1,
  routes: (ctx) => tierRoutes(ctx),
  why: "each searched once first (every origin load fills Redis).",
});

export const searchOrigin: Scenario = {
  id: "search-origin",
  title: "Search, origin only (D1)",
  async run(ctx) {
    const headers = { "x-bench-tiers": "none" };
    const size = ctx.opts.quick ? 1000 : 5000;
    const cities = ctx.fixtures.cityRouteDays.slice(TIER_ROUTES);
    const routes = shuffled([
      ...shuffled(cities).slice(0, size / 2),
      ...ctx.fixtures.placeRouteDays.slice(0, size / 2),
    ]);
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `x-bench-tiers: none (every request loads from D1, nothing is cached). ${routes.length} distinct route-days over ` +
        "the next 19 days, half city pairs (several stations per city), half place pairs.",
      requests: routes.map((r) => get(searchPath(r), headers)),
    });
    return result;
  },
};
