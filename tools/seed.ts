/**
 * `npm run seed`: loads the place catalogue and a generated schedule into the local D1 database.
 *
 *   npm run seed [-- --size small|large] [--days N] [--seed N] [--start YYYY-MM-DD] [--if-empty] [--persist-to DIR]
 *
 * Applies pending migrations first, then loads the departures schedule and every product's rows
 * (src/products/seeds.ts). Rows have deterministic ids and are replaced or upserted, so re-running
 * the same seed changes nothing (and resets seats and remaining tickets to capacity). With
 * --if-empty, each part is loaded only when its table is empty.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PLACES } from "../src/places/catalog.ts";
import { PRODUCT_SEEDS } from "../src/products/seeds.ts";
import { DEFAULT_DAYS, generateSchedule } from "../src/seed/generator.ts";
import { placesStatements, scheduleSqlFiles } from "../src/seed/sql.ts";
import { applyMigrations, countRows, executeFile, type LocalD1 } from "./seed/wrangler.ts";

/** About 20 MB of SQL per wrangler call: local D1 runs each file as one batch held in memory. */
const DEPARTURES_PER_FILE = 50_000;

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
  const days = values.days === undefined ? DEFAULT_DAYS[size] : Number(values.days);
  const seed = Number(values.seed);
  const target: LocalD1 = values["persist-to"] ? { persistTo: values["persist-to"] } : {};
  return { size, days, seed, startDate: values.start, ifEmpty: values["if-empty"], target } as const;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

type Options = ReturnType<typeof options>;

function loadSchedule(opts: Options, dir: string, started: number): void {
  const { size, days, seed, startDate } = opts;
  console.log(`[seed] ${size} schedule: seed ${seed}, ${days} days from ${startDate}`);
  const totals = { departures: 0, fareClasses: 0, files: 0 };
  const schedule = generateSchedule({ seed, startDate, days, size });
  for (const chunk of scheduleSqlFiles(schedule, DEPARTURES_PER_FILE)) {
    const file = path.join(dir, `schedule-${++totals.files}.sql`);
    // Places ride along with the first file: every wrangler call costs a couple of seconds of start-up.
    writeFileSync(file, totals.files === 1 ? `${placesStatements(PLACES).join("\n")}\n${chunk.sql}` : chunk.sql);
    executeFile(file, opts.target);
    totals.departures += chunk.departures;
    totals.fareClasses += chunk.fareClasses;
    console.log(`[seed] ${totals.departures} departures, ${totals.fareClasses} fare classes (${seconds(started)})`);
  }
  console.log(
    `[seed] schedule done: ${PLACES.length} places, ${totals.departures} departures, ${totals.fareClasses} fare classes ` +
      `in ${totals.files} file(s), ${seconds(started)}`,
  );
}

function main(): void {
  const opts = options();
  const started = performance.now();
  applyMigrations(opts.target);
  const existing = opts.ifEmpty ? countRows(opts.target, ["departures", ...PRODUCT_SEEDS.map((p) => p.table)]) : {};
  const skip = (table: string, what: string) => {
    const rows = existing[table] ?? 0;
    if (rows > 0) console.log(`[seed] ${what}: ${rows} rows in ${table} already, nothing to do (--if-empty)`);
    return rows > 0;
  };
  const dir = mkdtempSync(path.join(tmpdir(), "edgefare-seed-"));
  try {
    if (!skip("departures", "schedule")) loadSchedule(opts, dir, started);
    for (const product of PRODUCT_SEEDS) {
      if (skip(product.table, product.name)) continue;
      const { statements, counts } = product.seedStatements(opts);
      const file = path.join(dir, `${product.name}.sql`);
      writeFileSync(file, statements.join("\n"));
      executeFile(file, opts.target);
      const summary = Object.entries(counts).map(([table, n]) => `${n} ${table}`);
      console.log(`[seed] ${product.name} done: ${summary.join(", ")}, ${seconds(started)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(`[seed] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
