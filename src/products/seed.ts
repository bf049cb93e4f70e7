/**
 * How `npm run seed` (tools/seed.ts) loads a product's generated rows without naming products:
 * each product offers SQL text for `wrangler d1 execute`, the tool writes and runs it. Tests load
 * the same generated rows through a D1 binding with each product's own insert function.
 */
export interface SeedOptions {
  seed: number;
  /** YYYY-MM-DD: the seed's "today". */
  startDate: string;
  size: "small" | "large";
  /** Days of dated inventory, for products that generate it (departures); each product has a default. */
  days?: number;
}

export interface SeedChunk {
  /** Complete statements, each under D1's 100 KB limit. */
  sql: string;
  /** Rows in the chunk by table, for the tool's log. */
  rows: Record<string, number>;
}

export interface ProductSeed {
  product: string;
  /** A table the seed fills: while it has rows, `--if-empty` leaves the product alone. */
  table: string;
  /** INSERT OR REPLACE statements with stable keys, so loading a seed twice changes nothing. */
  sqlChunks(options: SeedOptions): Iterable<SeedChunk>;
}
