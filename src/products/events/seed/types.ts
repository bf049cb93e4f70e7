import type { events, ticketTiers, venues } from "../schema/index.ts";

/** Rows exactly as the tables hold them (type-only imports: the seed also runs in plain Node). */
export type VenueRow = typeof venues.$inferSelect;
/** `seq` is left to SQLite: it is the full-text index's key, not part of the catalogue. */
export type EventRow = Omit<typeof events.$inferSelect, "seq">;
export type TierRow = typeof ticketTiers.$inferSelect;

export interface GeneratedEvent {
  event: EventRow;
  tiers: TierRow[];
}

export interface EventSeedOptions {
  seed: number;
  /** First local date of the window, YYYY-MM-DD; also "today" for sales windows. */
  startDate: string;
  days: number;
}
