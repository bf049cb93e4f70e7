import { departuresSeed } from "./departures/seed/product.ts";
import { eventsSeed } from "./events/seed/index.ts";
import type { ProductSeed } from "./seed.ts";
import { staysSeed } from "./stays/seed/sql.ts";

/** Every product's seed, in load order; tools/seed.ts and the tests load each without naming any. */
export const PRODUCT_SEEDS: readonly ProductSeed[] = [departuresSeed, staysSeed, eventsSeed];
