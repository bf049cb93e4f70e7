import { dateToEpoch } from "../../../lib/time.ts";
import type { ProductSeed, SeedChunk, SeedOptions } from "../../seed.ts";
import { generateEvents } from "./generator.ts";
import { eventStatements, venueStatements } from "./sql.ts";
import type { GeneratedEvent, VenueRow } from "./types.ts";
import { generateVenues } from "./venues.ts";

export { generateEvents, localPriceMinor } from "./generator.ts";
export type * from "./types.ts";
export { generateVenues } from "./venues.ts";

const EVENTS_PER_BATCH = 100;

/** The venues and the events of a window, as rows (tests compare them with what search answers). */
export function generateCatalogue(options: Pick<SeedOptions, "seed" | "startDate" | "days">): {
  venues: VenueRow[];
  events: GeneratedEvent[];
} {
  const venues = generateVenues(options.seed, dateToEpoch(options.startDate));
  return { venues, events: [...generateEvents(options, venues)] };
}

/**
 * The product's seed hook (src/products/seeds.ts): venues, then events in batches, each statement
 * under D1's size limit. The seed size does not change events: every catalogue city gets its
 * venues and events over the window.
 */
export const eventsSeed: ProductSeed = {
  table: "events",
  *sqlChunks(options): Generator<SeedChunk> {
    const { venues, events } = generateCatalogue(options);
    yield { statements: venueStatements(venues), rows: { venues: venues.length } };
    for (let i = 0; i < events.length; i += EVENTS_PER_BATCH) {
      const batch = events.slice(i, i + EVENTS_PER_BATCH);
      const tiers = batch.reduce((n, e) => n + e.tiers.length, 0);
      yield { statements: eventStatements(batch), rows: { events: batch.length, ticket_tiers: tiers } };
    }
  },
};
