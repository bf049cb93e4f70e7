import { departuresSeed } from "./departures/seed/product.ts";
import { eventsSeed } from "./events/seed/index.ts";
import type { ProductSeed } from "./seed.ts";
import { staysSeed } from "./stays/seed/sql.ts";

/**
 * Every product's seed, under its id in the registry (src/products/registry.ts) and in the same
 * order: tools/seed.ts, `npm run dev` and the tests load each without naming any. A separate list
 * because the registry is Worker code: Node runs this one, and the Worker bundle carries no seed.
 * test/config-drift.test.ts fails when the two lists disagree.
 */
export const PRODUCT_SEEDS: Readonly<Record<string, ProductSeed>> = {
  departures: departuresSeed,
  stays: staysSeed,
  events: eventsSeed,
};
