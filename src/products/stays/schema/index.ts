export * from "./properties.ts";
export * from "./property-closures.ts";
export * from "./room-night-availability.ts";
export * from "./room-rate-overrides.ts";
export * from "./room-types.ts";
