import { type Rng, stableId, streamFor } from "../../../lib/prng.ts";
import { CITIES, type City } from "../../../places/cities.ts";
import { cityProfile } from "../../../places/city-profiles.ts";
import type { VenueKind } from "../model.ts";
import { STREETS, VENUE_WORDS } from "./names.ts";
import type { VenueRow } from "./types.ts";

/** How many venues of each kind a city has, by its tier (1 global hub … 3 regional). */
const VENUES_BY_TIER: Record<1 | 2 | 3, readonly [VenueKind, number][]> = {
  1: [
    ["arena", 1],
    ["stadium", 1],
    ["concert_hall", 2],
    ["club", 2],
    ["theatre", 3],
    ["restaurant", 3],
    ["meeting_point", 2],
  ],
  2: [
    ["arena", 1],
    ["stadium", 1],
    ["concert_hall", 1],
    ["club", 1],
    ["theatre", 2],
    ["restaurant", 2],
    ["meeting_point", 1],
  ],
  3: [
    ["stadium", 1],
    ["concert_hall", 1],
    ["club", 1],
    ["theatre", 1],
    ["restaurant", 1],
    ["meeting_point", 1],
  ],
};

/** [min, max] people by kind and city tier: a regional stadium is smaller than a hub's. */
const CAPACITY: Record<VenueKind, Record<1 | 2 | 3, [number, number]>> = {
  arena: { 1: [16_000, 21_000], 2: [8_000, 13_000], 3: [5_000, 8_000] },
  stadium: { 1: [50_000, 80_000], 2: [25_000, 45_000], 3: [8_000, 20_000] },
  concert_hall: { 1: [1_800, 2_600], 2: [1_200, 2_000], 3: [700, 1_200] },
  club: { 1: [400, 1_200], 2: [300, 800], 3: [200, 500] },
  theatre: { 1: [700, 1_500], 2: [500, 1_100], 3: [350, 700] },
  // Shared tables of six: a restaurant seats four to eight of them.
  restaurant: { 1: [36, 48], 2: [30, 42], 3: [24, 36] },
  // A tour group, counted at its meeting point.
  meeting_point: { 1: [30, 40], 2: [25, 35], 3: [20, 30] },
};

const NAME_PATTERNS: Record<VenueKind, readonly string[]> = {
  arena: ["{city} Arena", "The {word} Arena", "{word} Dome"],
  stadium: ["{city} Stadium", "{word} Park", "{word} Ground"],
  concert_hall: ["{city} Concert Hall", "The {word} Hall", "{word} Music Hall"],
  club: ["The {word} Room", "Club {word}", "{word} Lounge"],
  theatre: ["Royal {city} Theatre", "The {word} Theatre", "{word} Playhouse"],
  restaurant: ["{word} Supper Club", "The Long Table at {word}", "Kitchen {word}"],
  meeting_point: ["{word} Square meeting point", "{city} Visitor Centre", "{word} Gate meeting point"],
};

/** Where a city's venues cluster: its first station or port, else its main airport. */
function cityCentre(city: City): { lat: number; lon: number } {
  const place = city.places.find((p) => p.kind !== "airport") ?? city.places[0];
  if (!place) throw new Error(`City ${city.code} has no places`);
  return place;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
/** Large halls have round capacities; a restaurant's is its seats. */
const roundCapacity = (n: number) => (n > 100 ? Math.round(n / 10) * 10 : n);

function venueName(kind: VenueKind, city: City, rng: Rng, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const pattern = rng.pick(NAME_PATTERNS[kind]);
    const name = pattern.replace("{city}", city.name).replace("{word}", rng.pick(VENUE_WORDS));
    if (!taken.has(name) || attempt > 20) {
      const unique = taken.has(name) ? `${name} ${attempt}` : name;
      taken.add(unique);
      return unique;
    }
  }
}

/**
 * Every venue of every catalogue city, sized to the city. Ids depend on the city, kind and
 * position only, so another seed renames a venue in place instead of adding one.
 */
export function generateVenues(seed: number, updatedAt: number): VenueRow[] {
  const rows: VenueRow[] = [];
  for (const city of CITIES) {
    const { tier } = cityProfile(city.code);
    const rng = streamFor(seed, `venues|${city.code}`);
    const centre = cityCentre(city);
    const taken = new Set<string>();
    for (const [kind, count] of VENUES_BY_TIER[tier]) {
      for (let i = 0; i < count; i++) {
        const [min, max] = CAPACITY[kind][tier];
        rows.push({
          id: stableId("ven", `${city.code}|${kind}|${i}`),
          name: venueName(kind, city, rng, taken),
          kind,
          cityCode: city.code,
          address: `${rng.int(1, 220)} ${rng.pick(STREETS)}, ${city.name}`,
          lat: round4(centre.lat + (rng.next() - 0.5) * 0.06),
          lon: round4(centre.lon + (rng.next() - 0.5) * 0.06),
          capacity: roundCapacity(rng.int(min, max)),
          timezone: city.timezone,
          updatedAt,
        });
      }
    }
  }
  return rows;
}
