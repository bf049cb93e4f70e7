import { PLACES } from "../../src/places/catalog";
import { insertPlaces } from "../../src/places/seed-d1";
import { insertSchedule } from "../../src/products/departures/seed/d1";
import { generateSchedule } from "../../src/products/departures/seed/generator";
import type { ScheduleOptions } from "../../src/products/departures/seed/types";
import { PRODUCT_SEEDS } from "../../src/products/seeds";
import { generateStays, insertStays, type StaysSeed, type StaysSeedOptions } from "../../src/products/stays/seed";

/** The small seed as tests load it: fixed seed, 30 days from today's UTC date. */
export const SMALL_SEED = { seed: 42, days: 30, size: "small" } as const;

/**
 * Routes in the small seed (city codes), with the services each has every day: the seed tests
 * check these numbers against the generator, so search tests can rely on them.
 */
export const BUSY_ROUTES = [
  { origin: "LON", destination: "PAR", perDay: 20, modes: ["flight", "rail", "bus"] },
  { origin: "PAR", destination: "LON", perDay: 20, modes: ["flight", "rail", "bus"] },
  { origin: "DVR", destination: "CQF", perDay: 10, modes: ["ferry"] },
] as const;

/** One flight a day, every day. */
export const QUIET_ROUTE = { origin: "TLL", destination: "LON", perDay: 1, modes: ["flight"] } as const;

/** Both cities are in the catalogue but the small seed runs nothing between them. */
export const UNSERVED_ROUTE = { origin: "LON", destination: "SYD" } as const;

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function smallScheduleOptions(opts: Partial<ScheduleOptions> = {}): ScheduleOptions {
  return { seed: SMALL_SEED.seed, days: SMALL_SEED.days, size: SMALL_SEED.size, startDate: todayUtc(), ...opts };
}

/**
 * Loads the places and the small schedule into `db`. Nothing is memoised: storage may be isolated
 * per test file, so each caller inserts its own copy (a few hundred milliseconds).
 */
export async function seedSmall(
  db: D1Database,
  opts: Partial<ScheduleOptions> = {},
): Promise<{ startDate: string; departures: number; fareClasses: number }> {
  const options = smallScheduleOptions(opts);
  await insertPlaces(db, PLACES);
  const totals = await insertSchedule(db, generateSchedule(options));
  return { startDate: options.startDate, ...totals };
}

/**
 * One product's rows (its seed hook, src/products/seeds.ts) for the small window, through the
 * same SQL statements `npm run seed` writes to files. Returns the row counts by table.
 */
export async function seedProduct(
  db: D1Database,
  product: string,
  opts: Partial<ScheduleOptions> = {},
): Promise<Record<string, number>> {
  const seed = PRODUCT_SEEDS[product];
  if (!seed) throw new Error(`No product seed named ${product}`);
  const counts: Record<string, number> = {};
  for (const chunk of seed.sqlChunks(smallScheduleOptions(opts))) {
    await db.batch(chunk.statements.map((sql) => db.prepare(sql)));
    for (const [table, n] of Object.entries(chunk.rows)) counts[table] = (counts[table] ?? 0) + n;
  }
  return counts;
}

/** The stays seed as tests load it: the whole catalogue (every city), fixed seed, today's UTC date. */
export function staysSeedOptions(opts: Partial<StaysSeedOptions> = {}): StaysSeedOptions {
  return { seed: SMALL_SEED.seed, startDate: todayUtc(), ...opts };
}

/** Generates and loads the stays catalogue; returns the rows, which tests use as the model. */
export async function seedStays(db: D1Database, opts: Partial<StaysSeedOptions> = {}): Promise<StaysSeed> {
  const rows = generateStays(staysSeedOptions(opts));
  await insertStays(db, rows);
  return rows;
}
