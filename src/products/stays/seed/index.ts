export { insertStays } from "./d1.ts";
export { generateStays } from "./generator.ts";
export { staysSeed } from "./sql.ts";
export type * from "./types.ts";
