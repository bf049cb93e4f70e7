import type { ProductSeed } from "../products/seed.ts";
import { DEFAULT_DAYS, generateSchedule } from "./generator.ts";
import { scheduleSqlFiles } from "./sql.ts";

/** About 20 MB of SQL per chunk: local D1 runs each file as one batch held in memory. */
const DEPARTURES_PER_CHUNK = 50_000;

/** The departures schedule for tools/seed.ts (`--size`, `--days`). */
export const departuresSeed: ProductSeed = {
  product: "departures",
  table: "departures",
  *sqlChunks({ seed, startDate, size, days }) {
    const schedule = generateSchedule({ seed, startDate, size, days: days ?? DEFAULT_DAYS[size] });
    for (const chunk of scheduleSqlFiles(schedule, DEPARTURES_PER_CHUNK)) {
      yield { sql: chunk.sql, rows: { departures: chunk.departures, fare_classes: chunk.fareClasses } };
    }
  },
};
