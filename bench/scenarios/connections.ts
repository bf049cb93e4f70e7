import { type RouteDay, shuffled } from "../fixtures.ts";
import { get, measure, type Scenario } from "../scenario.ts";
import { searchPath, visit } from "./search.ts";

const ROUTE_DAYS = { full: 1000, quick: 200 };

/**
 * City pairs on a day with no direct service but a hub between them (origin → hub and hub →
 * destination both run that day), from the seeded schedule: what a search with connections is for.
 */
export function connectionRouteDays(cityRouteDays: readonly RouteDay[], limit: number): RouteDay[] {
  const byDate = new Map<string, Map<string, Set<string>>>();
  for (const r of cityRouteDays) {
    const out = byDate.get(r.date) ?? new Map<string, Set<string>>();
    byDate.set(r.date, out);
    out.set(r.origin, (out.get(r.origin) ?? new Set()).add(r.destination));
  }
  const found: RouteDay[] = [];
  for (const [date, out] of byDate) {
    for (const [origin, hubs] of out) {
      const reached = new Set<string>();
      for (const hub of hubs) for (const destination of out.get(hub) ?? []) reached.add(destination);
      for (const destination of reached) {
        if (destination !== origin && !hubs.has(destination)) found.push({ origin, destination, date, departures: 0 });
      }
    }
  }
  return shuffled(found).slice(0, limit);
}

export const searchConnections: Scenario = {
  id: "search-connections",
  title: "Search with connections (no direct service, all tiers)",
  async run(ctx) {
    const routes = connectionRouteDays(ctx.fixtures.cityRouteDays, ctx.opts.quick ? ROUTE_DAYS.quick : ROUTE_DAYS.full);
    if (routes.length === 0) throw new Error("The seeded schedule joins no city pair through a hub only");
    const paths = routes.map((r) => searchPath(r));
    // One pass first, as earlier travellers would have: the hub lists and legs are then in the tiers.
    const warmed = await visit(ctx, paths, {}, 1);
    const refusals: string[] = [];
    const sample = await Promise.all(
      paths.slice(0, 50).map(async (p) => {
        const res = await fetch(new URL(p, ctx.base));
        const text = await res.text();
        if (!res.ok) {
          refusals.push(`${p} answered ${res.status}: ${text.slice(0, 300)}`);
          return 0;
        }
        const body = JSON.parse(text) as { data?: { connections: number }[] };
        return (body.data ?? []).filter((o) => o.connections === 1).length;
      }),
    );
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `All tiers as in production. ${routes.length} city-pair route-days with no direct service but a hub that ` +
        "joins them that day (from the seeded schedule), searched without max_connections (so connections are " +
        "searched because nothing direct fits), each searched once before measuring. A search reads the direct " +
        "route-day, the hub list and up to 3 hubs' legs: at most 14 snapshots.",
      requests: paths.map((p) => get(p)),
    });
    result.checks.push(warmed, {
      name: "the sampled searches answer 2xx",
      ok: refusals.length === 0,
      detail: refusals.length === 0 ? `${sample.length} searches` : `${refusals.length} did not; first: ${refusals[0]}`,
    });
    const withItineraries = sample.filter((n) => n > 0).length;
    result.extra.routeDays = routes.length;
    result.extra.sampledWithItineraries = `${withItineraries}/${sample.length}`;
    result.extra.meanItinerariesPerSample = sample.reduce((a, b) => a + b, 0) / Math.max(1, sample.length);
    result.checks.push({
      name: "connection searches answer",
      ok: result.load.non2xx === 0,
      detail: `${result.load.non2xx} non-2xx answers`,
    });
    return result;
  },
};

/** The same searches with every cache tier hidden: each reads its direct route-day, hub list and legs from D1. */
export const searchConnectionsOrigin: Scenario = {
  id: "search-connections-origin",
  title: "Search with connections, origin only (D1)",
  async run(ctx) {
    const routes = connectionRouteDays(ctx.fixtures.cityRouteDays, ctx.opts.quick ? ROUTE_DAYS.quick : ROUTE_DAYS.full);
    if (routes.length === 0) throw new Error("The seeded schedule joins no city pair through a hub only");
    const headers = { "x-bench-tiers": "none" };
    const { result } = await measure(ctx, {
      id: this.id,
      title: this.title,
      method:
        `x-bench-tiers: none (every snapshot a search needs is built from D1: the direct route-day, the hub list, ` +
        `up to 3 hubs' legs). The ${routes.length} route-days of search-connections.`,
      requests: routes.map((r) => get(searchPath(r), headers)),
    });
    result.checks.push({
      name: "connection searches answer",
      ok: result.load.non2xx === 0,
      detail: `${result.load.non2xx} non-2xx answers`,
    });
    return result;
  },
};
