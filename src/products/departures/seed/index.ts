export { insertSchedule } from "./d1.ts";
export { buildNetwork, generateSchedule, SMALL_CITY_CODES } from "./generator.ts";
export { scheduleSqlChunks, scheduleStatements } from "./sql.ts";
export type * from "./types.ts";
