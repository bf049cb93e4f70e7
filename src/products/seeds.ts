import type { ScheduleOptions } from "../seed/types.ts";
import { seedStatements as eventStatements } from "./events/seed/index.ts";

/**
 * Each product's seed, for tools/seed.ts, `npm run dev` and the tests, which load every product
 * without naming one. A product adds one entry here (the product registry replaces this list).
 */
export interface ProductSeed {
  name: string;
  /** A table of the product: `--if-empty` seeds the product when this one has no rows. */
  table: string;
  /** SQL statements, each under D1's 100 KB limit; they upsert, so running them again changes nothing. */
  seedStatements(options: ScheduleOptions): { statements: string[]; counts: Record<string, number> };
}

export const PRODUCT_SEEDS: readonly ProductSeed[] = [
  { name: "events", table: "events", seedStatements: eventStatements },
];
