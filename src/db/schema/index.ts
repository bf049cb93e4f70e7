export * from "./departures";
export * from "./fare-classes";
export * from "./places";
