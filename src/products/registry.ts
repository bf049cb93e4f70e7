import { departures } from "./departures";
import { events } from "./events";
import type { ProductModule } from "./module";
import { stays } from "./stays";

/**
 * The one list of products: createApp registers their routes, the composition root
 * (workers/cron.ts) adds their cron tasks to the engine's, and src/products/seeds.ts must give
 * each of them a seed under the same id (test/config-drift.test.ts checks it).
 */
export const PRODUCTS = [departures, stays, events] as const satisfies readonly ProductModule[];

export type ProductId = (typeof PRODUCTS)[number]["id"];

/** The product whose units carry this id's prefix (`dep_…` → departures), or null: nothing to wake. */
export function productOfUnit(unitId: string): (typeof PRODUCTS)[number] | null {
  const prefix = unitId.slice(0, unitId.indexOf("_"));
  const product = PRODUCTS.find((p) => p.idPrefix === prefix);
  return product?.isUnitId(unitId) ? product : null;
}
