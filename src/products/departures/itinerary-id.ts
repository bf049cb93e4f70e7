import { isDepartureId } from "./id";
import { CABINS, type Cabin } from "./schema/cabins";

/**
 * An itinerary's id names what a trip would hold, so it can be created from the id alone:
 * `itn_<cabin>.<departure id>.<departure id>`, segments in travel order, e.g.
 * `itn_economy.dep_0jugb5p1nha7o1.dep_1x9kq0c2m4b7zz`. A departure id never contains a dot
 * (DEPARTURE_ID_PATTERN), so the parts split back unambiguously. One cabin for every segment:
 * search only combines segments sold in the same cabin.
 */
export interface ItineraryRef {
  cabin: Cabin;
  departureIds: string[];
}

const PREFIX = "itn_";
/** Two segments today (one connection); the format itself allows more. */
const MAX_SEGMENTS = 4;

export function itineraryId(ref: ItineraryRef): string {
  return `${PREFIX}${[ref.cabin, ...ref.departureIds].join(".")}`;
}

/** Null for anything that is not an itinerary id of two or more well-formed departure ids. */
export function parseItineraryId(id: string): ItineraryRef | null {
  if (!id.startsWith(PREFIX) || id.length > 300) return null;
  const [cabin, ...departureIds] = id.slice(PREFIX.length).split(".");
  if (!isCabin(cabin) || departureIds.length < 2 || departureIds.length > MAX_SEGMENTS) return null;
  if (!departureIds.every(isDepartureId)) return null;
  return { cabin, departureIds };
}

const isCabin = (value: string | undefined): value is Cabin => (CABINS as readonly string[]).includes(value ?? "");
