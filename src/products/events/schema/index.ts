export * from "./event-check-ins.ts";
export * from "./event-tickets.ts";
export * from "./events.ts";
export * from "./ticket-tiers.ts";
export * from "./venues.ts";
export * from "./waitlist-entries.ts";
export * from "./waitlist-lines.ts";
