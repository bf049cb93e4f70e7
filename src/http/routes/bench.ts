import type { Context } from "hono";
import { bindingTotals } from "../../bench/metered-env";
import type { TierName } from "../../cache/tier";
import type { App } from "../app";
import type { HttpEnv } from "../context";

/**
 * Benchmark-only routes (bench/): they answer 404 like any unknown path unless BENCH_COUNTERS is
 * set, and are left out of the OpenAPI document on purpose.
 */
export function registerBenchRoutes(app: App): void {
  app.use("/__bench/*", async (c, next) => (c.env.BENCH_COUNTERS ? next() : c.notFound()));

  /** Binding-level counts of this isolate, background work included (src/bench/metered-env.ts). */
  app.get("/__bench/costs", (c) => c.json(bindingTotals(c.req.query("reset") === "1")));

  /** The bare D1 primary-key lookup that origin search is compared with: one statement. */
  app.get("/__bench/d1-pk", async (c) => {
    const id = c.req.query("id") ?? "";
    const result = await c.env.DB.prepare("SELECT * FROM departures WHERE id = ?1").bind(id).all();
    c.var.services.meter.add("d1_queries");
    c.var.services.meter.add("d1_rows_read", result.meta.rows_read ?? result.results.length);
    const row = result.results[0];
    return row ? c.json({ data: row }) : c.notFound();
  });

  /** The bare Durable Object call that holds are compared with: a round trip, no storage. */
  app.get("/__bench/do-ping", async (c) => {
    const stub = c.env.INVENTORY.getByName(c.req.query("departure_id") ?? "");
    c.var.services.meter.add("do_calls");
    return c.json({ at: await stub.ping() });
  });
}

const TIERS: readonly TierName[] = ["memory", "kv", "redis"];

/**
 * `x-bench-tiers: kv` limits search to the listed cache tiers (empty: origin only), so the
 * harness can measure one tier at a time. Ignored unless BENCH_COUNTERS is set.
 */
export function benchTierFilter(c: Context<HttpEnv>): ReadonlySet<TierName> | undefined {
  const header = c.env.BENCH_COUNTERS ? c.req.header("x-bench-tiers") : undefined;
  if (header === undefined) return undefined;
  return new Set(TIERS.filter((t) => header.split(",").some((h) => h.trim() === t)));
}
