import { dateToEpoch } from "../../../seed/time.ts";
import type { ScheduleOptions } from "../../../seed/types.ts";
import { generateEvents } from "./generator.ts";
import { eventStatements, venueStatements } from "./sql.ts";
import type { GeneratedEvent, VenueRow } from "./types.ts";
import { generateVenues } from "./venues.ts";

export { generateEvents, localPriceMinor } from "./generator.ts";
export type * from "./types.ts";
export { generateVenues } from "./venues.ts";

const EVENTS_PER_BATCH = 100;

/** The venues and the events of a window, as rows (tests compare them with what search answers). */
export function generateCatalogue(options: Pick<ScheduleOptions, "seed" | "startDate" | "days">): {
  venues: VenueRow[];
  events: GeneratedEvent[];
} {
  const venues = generateVenues(options.seed, dateToEpoch(options.startDate));
  return { venues, events: [...generateEvents(options, venues)] };
}

/**
 * The product's seed hook (see src/products/seeds.ts): SQL statements that load its rows, each
 * under D1's statement size limit, for `wrangler d1 execute --file` and for `db.batch` alike.
 * The seed size does not change events: every catalogue city gets its venues and events.
 */
export function seedStatements(options: ScheduleOptions): { statements: string[]; counts: Record<string, number> } {
  const { venues, events } = generateCatalogue(options);
  const statements = venueStatements(venues);
  for (let i = 0; i < events.length; i += EVENTS_PER_BATCH) {
    statements.push(...eventStatements(events.slice(i, i + EVENTS_PER_BATCH)));
  }
  const tiers = events.reduce((n, e) => n + e.tiers.length, 0);
  return { statements, counts: { venues: venues.length, events: events.length, ticket_tiers: tiers } };
}
