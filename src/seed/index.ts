export { insertPlaces, insertSchedule } from "./d1.ts";
export { buildNetwork, DEFAULT_DAYS, generateSchedule, SMALL_CITY_CODES } from "./generator.ts";
export { placesStatements, scheduleSqlFiles, scheduleStatements } from "./sql.ts";
export type * from "./types.ts";
