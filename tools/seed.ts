/**
 * `npm run seed`: loads the place catalogue and every product's generated rows (src/products/seeds.ts)
 * into the local D1 database.
 *
 *   npm run seed [-- --size small|large] [--days N] [--seed N] [--start YYYY-MM-DD] [--if-empty] [--persist-to DIR]
 *
 * Applies pending migrations first. Rows have deterministic ids and are written with INSERT OR
 * REPLACE, so re-running the same seed changes nothing (and resets advisory counts). With
 * --if-empty, only products whose table is empty are loaded: a database seeded before a product
 * existed gets that product on the next `npm run dev`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { demoOrganiserStatements } from "../src/accounts/seed.ts";
import { PLACES } from "../src/places/catalog.ts";
import { placesStatements } from "../src/places/seed.ts";
import { DEFAULT_SEED_DAYS } from "../src/products/seed.ts";
import { PRODUCT_SEEDS } from "../src/products/seeds.ts";
import { applyMigrations, countRows, executeFile, type LocalD1 } from "./seed/wrangler.ts";

/** About 20 MB of SQL per wrangler call: local D1 runs each file as one batch held in memory. */
const MAX_FILE_BYTES = 20_000_000;

function options() {
  const { values } = parseArgs({
    options: {
      size: { type: "string", default: "small" },
      days: { type: "string" },
      seed: { type: "string", default: "42" },
      start: { type: "string", default: new Date().toISOString().slice(0, 10) },
      "if-empty": { type: "boolean", default: false },
      "persist-to": { type: "string" },
    },
  });
  const size = values.size;
  if (size !== "small" && size !== "large") throw new Error(`--size must be small or large, got ${size}`);
  const seed = Number(values.seed);
  const target: LocalD1 = values["persist-to"] ? { persistTo: values["persist-to"] } : {};
  const days = values.days === undefined ? DEFAULT_SEED_DAYS[size] : Number(values.days);
  if (!Number.isSafeInteger(days) || days < 1)
    throw new Error(`--days must be a whole number of days, got ${values.days}`);
  return { size, days, seed, startDate: values.start, ifEmpty: values["if-empty"], target } as const;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function main(): void {
  const opts = options();
  const started = performance.now();
  applyMigrations(opts.target);
  const all = Object.entries(PRODUCT_SEEDS).map(([product, seed]) => ({ product, seed }));
  let products = all;
  if (opts.ifEmpty) {
    const counts = countRows(
      all.map((p) => p.seed.table),
      opts.target,
    );
    products = all.filter((p) => counts[p.seed.table] === 0);
    for (const p of all.filter((q) => !products.includes(q))) {
      console.log(
        `[seed] ${p.product}: ${counts[p.seed.table]} rows in ${p.seed.table} already, left alone (--if-empty)`,
      );
    }
    if (products.length === 0) {
      seedDemoOrganiser(all, opts.target);
      return;
    }
  }
  const { size, days, seed, startDate } = opts;
  console.log(
    `[seed] ${products.map((p) => p.product).join(", ")}: ${size}, seed ${seed}, ${days} days from ${startDate}`,
  );
  const dir = mkdtempSync(path.join(tmpdir(), "edgefare-seed-"));
  try {
    const totals: Record<string, number> = { places: PLACES.length };
    let files = 0;
    // Every wrangler call costs a couple of seconds of start-up, so chunks share files up to the size limit.
    let pending: string[] = placesStatements(PLACES);
    let bytes = pending.reduce((n, s) => n + s.length, 0);
    const flush = () => {
      const file = path.join(dir, `seed-${++files}.sql`);
      writeFileSync(file, pending.join("\n"));
      executeFile(file, opts.target);
      console.log(`[seed] ${summary(totals)} (${seconds(started)})`);
      pending = [];
      bytes = 0;
    };
    for (const product of products) {
      for (const chunk of product.seed.sqlChunks({ seed, startDate, size, days })) {
        const sql = chunk.statements.join("\n");
        if (bytes > 0 && bytes + sql.length > MAX_FILE_BYTES) flush();
        pending.push(sql);
        bytes += sql.length;
        for (const [table, n] of Object.entries(chunk.rows)) totals[table] = (totals[table] ?? 0) + n;
      }
    }
    pending.push(
      ...demoOrganiserStatements(
        all.map((p) => p.seed.table),
        Math.floor(Date.now() / 1000),
      ),
    );
    flush();
    console.log(`[seed] done: ${summary(totals)} in ${files} file(s), ${seconds(started)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The demo organiser and its units (src/accounts/seed.ts), on a database whose products are all there. */
function seedDemoOrganiser(products: { seed: { table: string } }[], target: LocalD1): void {
  const dir = mkdtempSync(path.join(tmpdir(), "edgefare-seed-"));
  try {
    const file = path.join(dir, "demo-organiser.sql");
    const tables = products.map((p) => p.seed.table);
    writeFileSync(file, demoOrganiserStatements(tables, Math.floor(Date.now() / 1000)).join("\n"));
    executeFile(file, target);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const summary = (totals: Record<string, number>) =>
  Object.entries(totals)
    .map(([table, n]) => `${n} ${table.replaceAll("_", " ")}`)
    .join(", ");

try {
  main();
} catch (error) {
  console.error(`[seed] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
