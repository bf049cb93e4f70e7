import type { Request } from "autocannon";
import { type RouteDay, shuffled } from "../fixtures.ts";
import { type BenchContext, get, measure, type Scenario } from "../scenario.ts";

const HOT_ROUTES = 40;
const searchPath = (r: RouteDay, extra = "") =>
  `/v1/search?origin=${r.origin}&destination=${r.destination}&date=${r.date}${extra}`;

/** Zipf-like popularity (weight 1/rank) over the busiest route-days, with a few query variants each. */
function popularMix(routes: RouteDay[]): Request[] {
  const variants = ["", "&passengers=2", "&sort=price", "&passengers=1&sort=duration"];
  const out: Request[] = [];
  routes.forEach((route, rank) => {
    const copies = Math.max(1, Math.round(200 / (rank + 1)));
    for (let i = 0; i < copies; i++) out.push(get(searchPath(route, variants[i % variants.length])));
  });
  return shuffled(out);
}

/** Sequential passes over `paths` with a little concurrency, to put route-days where a tier wants them. */
async function visit(ctx: BenchContext, paths: string[], headers: Record<string, string>, passes: number) {
  for (let pass = 0; pass < passes; pass++) {
    const queue = [...paths];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
          const res = await fetch(new URL(p, ctx.base), { headers });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`${p} answered ${res.status} while warming the cache`);
        }
      }),
    );
  }
}

export const searchHot: Scenario = {
  id: "search-hot",
  title: "Search, hot (memory tier)",
  async run(ctx) {
    const routes = ctx.fixtures.cityRouteDays.slice(0, HOT_ROUTES);
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `All tiers as in production. ${routes.length} busiest city-pair route-days, weighted 1/rank, ` +
        "4 query variants each (passengers, sort). Memory entries live 8-10 s and are re-read from KV in the background after 70 % of that, while still served.",
      requests: popularMix(routes),
    });
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
      await visit(ctx, paths, headers, a.passes);
      const { result } = await measure(ctx, {
        id: a.id,
        title: a.title,
        method: `x-bench-tiers: ${a.tier} (bench-only: the other tiers are skipped). ${paths.length} route-days, ${a.why}`,
        requests: paths.map((p) => get(p, headers)),
      });
      return result;
    },
  };
}

export const searchKv = tierScenario({
  id: "search-kv",
  title: "Search, KV tier",
  tier: "kv",
  passes: 3,
  routes: (ctx) => ctx.fixtures.cityRouteDays.slice(HOT_ROUTES, HOT_ROUTES + (ctx.opts.quick ? 100 : 300)),
  why: "each searched 3 times first so it counts as popular and is written to KV.",
});

export const searchRedis = tierScenario({
  id: "search-redis",
  title: "Search, Redis tier",
  tier: "redis",
  passes: 1,
  routes: (ctx) => ctx.fixtures.cityRouteDays.slice(HOT_ROUTES, HOT_ROUTES + (ctx.opts.quick ? 100 : 300)),
  why: "each searched once first (every origin load fills Redis).",
});

export const searchOrigin: Scenario = {
  id: "search-origin",
  title: "Search, origin only (D1)",
  async run(ctx) {
    const headers = { "x-bench-tiers": "none" };
    const size = ctx.opts.quick ? 1000 : 5000;
    const cities = ctx.fixtures.cityRouteDays.slice(HOT_ROUTES);
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
