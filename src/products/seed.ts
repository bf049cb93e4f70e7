/**
 * How `npm run seed` (tools/seed.ts), `npm run dev` and the tests load a product's generated
 * rows without naming products: each product offers its rows as chunks of SQL statements. The
 * tool packs chunks into as few `wrangler d1 execute --file` calls as fit; tests run the same
 * statements through a D1 binding (test/support/seed.ts).
 */
export type SeedSize = "small" | "large";

/** Default window of dated inventory: the large departures seed's 21 days are ~154,000 departures. */
export const DEFAULT_SEED_DAYS: Record<SeedSize, number> = { small: 30, large: 21 };

export interface SeedOptions {
  seed: number;
  /** YYYY-MM-DD: the seed's "today". */
  startDate: string;
  size: SeedSize;
  /** Days of dated inventory, for products that generate it (departures, events). */
  days: number;
}

export interface SeedChunk {
  /** Complete statements, each under D1's 100 KB limit; they replace or upsert, so a re-run changes nothing. */
  statements: string[];
  /** Rows in the chunk by table, for the tool's log. */
  rows: Record<string, number>;
}

export interface ProductSeed {
  /** A table the seed fills: while it has rows, `--if-empty` leaves the product alone. */
  table: string;
  sqlChunks(options: SeedOptions): Iterable<SeedChunk>;
}
