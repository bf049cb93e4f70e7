// Cabins are the engine's vocabulary until inventory has pools (src/db/schema/cabins.ts).
export { CABINS, type Cabin } from "../../../db/schema/cabins";
export * from "./departures";
export * from "./fare-classes";
