export * from "./events.ts";
export * from "./ticket-tiers.ts";
export * from "./venues.ts";
export * from "./waitlist-entries.ts";
export * from "./waitlist-lines.ts";
