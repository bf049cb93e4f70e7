import type { App } from "../../src/api/context";
import { isolateTotals } from "./metering";

/** The stub of the benchmark's own object class (bench/entry/inventory.ts). */
interface PingStub {
  ping(): Promise<number>;
}

/**
 * Routes that exist only in the benchmark's Worker, behind the same middleware as every route:
 * the isolate's counters, and the bare calls that search and holds are compared with.
 */
export function registerBenchRoutes(app: App): void {
  /** Binding-level counts of this isolate, background work included. */
  app.get("/__bench/costs", (c) => c.json(isolateTotals(c.req.query("reset") === "1")));

  /** The bare D1 primary-key lookup that origin search is compared with: one statement. */
  app.get("/__bench/d1-pk", async (c) => {
    const result = await c.env.DB.prepare("SELECT * FROM departures WHERE id = ?1")
      .bind(c.req.query("id") ?? "")
      .all();
    const row = result.results[0];
    return row ? c.json({ data: row }) : c.notFound();
  });

  /**
   * The bare Durable Object call that holds are compared with: a round trip, no storage. Several
   * comma-separated ids are called one after the other, as a trip's coordinator calls its units.
   */
  app.get("/__bench/do-ping", async (c) => {
    const at: number[] = [];
    for (const id of (c.req.query("departure_id") ?? "").split(",").slice(0, 6)) {
      at.push(await (c.env.INVENTORY.getByName(id) as unknown as PingStub).ping());
    }
    return c.json({ at: at.length === 1 ? at[0] : at });
  });
}
