import type { ProductSeed } from "../../seed.ts";
import { generateSchedule } from "./generator.ts";
import { scheduleSqlChunks } from "./sql.ts";

/** About 20 MB of SQL per chunk: local D1 runs each file as one batch held in memory. */
const DEPARTURES_PER_CHUNK = 50_000;

/** The departures schedule for tools/seed.ts (`--size`, `--days`). */
export const departuresSeed: ProductSeed = {
  table: "departures",
  *sqlChunks({ seed, startDate, size, days }) {
    const schedule = generateSchedule({ seed, startDate, size, days });
    for (const chunk of scheduleSqlChunks(schedule, DEPARTURES_PER_CHUNK)) {
      yield { statements: chunk.statements, rows: { departures: chunk.departures, fare_classes: chunk.fareClasses } };
    }
  },
};
