export * from "./cabins";
export * from "./departures";
export * from "./fare-classes";
