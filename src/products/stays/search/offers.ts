import type { NightState } from "../rules/night";
import { partyFits } from "../rules/occupancy";
import { judgeStay } from "../rules/stay";
import type { CityListing, CityNight, NightCell, PropertyOffer, RoomOffer, StaySearchInput, StaySort } from "./types";

const toState = ([roomsLeft, priceMinor, minStay, flags]: NightCell): NightState => ({
  roomsLeft,
  priceMinor,
  minStay,
  closed: (flags & 1) === 1,
  closedToArrival: (flags & 2) === 2,
});

type Filters = Pick<StaySearchInput, "priceMin" | "priceMax" | "pricePer" | "stars" | "amenities" | "propertyTypes">;
type Party = Pick<StaySearchInput, "rooms" | "adults" | "children">;

/** The price a filter compares: the whole stay, or its total spread over the nights (exactly, no rounding). */
function withinPrice(totalMinor: number, nights: number, f: Filters): boolean {
  const scale = f.pricePer === "night" ? nights : 1;
  if (f.priceMin !== undefined && totalMinor < f.priceMin * scale) return false;
  if (f.priceMax !== undefined && totalMinor > f.priceMax * scale) return false;
  return true;
}

function propertyPasses(p: CityListing["properties"][number], f: Filters): boolean {
  if (f.stars && !f.stars.includes(p.stars)) return false;
  if (f.propertyTypes && !f.propertyTypes.includes(p.propertyType)) return false;
  if (f.amenities && !f.amenities.every((a) => p.amenities.includes(a))) return false;
  return true;
}

/**
 * Every property with a room type that can be sold for the whole stay to this party and passes the
 * filters, its offered room types cheapest first. Pure: the listing and one CityNight per night,
 * in order. A room type missing from any night's snapshot (added or removed since) is not offered.
 */
export function stayOffers(
  listing: CityListing,
  nights: readonly CityNight[],
  query: Party & Filters,
): PropertyOffer[] {
  const out: PropertyOffer[] = [];
  for (const property of listing.properties) {
    if (!propertyPasses(property, query)) continue;
    const rooms: RoomOffer[] = [];
    for (const roomType of property.roomTypes) {
      if (!partyFits(roomType, query)) continue;
      const states: NightState[] = [];
      for (const night of nights) {
        const cell = night.cells[roomType.id];
        if (!cell) break;
        states.push(toState(cell));
      }
      if (states.length !== nights.length) continue;
      const verdict = judgeStay(states, query.rooms);
      if (!verdict.ok) continue;
      const perRoom = verdict.nightlyMinor.reduce((a, b) => a + b, 0);
      const totalMinor = perRoom * query.rooms;
      if (!withinPrice(totalMinor, nights.length, query)) continue;
      rooms.push({ roomType, nightlyMinor: verdict.nightlyMinor, totalMinor, roomsLeft: verdict.roomsLeft });
    }
    if (rooms.length === 0) continue;
    rooms.sort((a, b) => a.totalMinor - b.totalMinor || compareIds(a.roomType.id, b.roomType.id));
    out.push({ property, rooms, cheapestMinor: rooms[0]?.totalMinor ?? 0 });
  }
  return out;
}

/** The sort key, compared element by element, then the property id: a total order. */
export function sortKey(offer: PropertyOffer, sort: StaySort): number[] {
  switch (sort) {
    case "price":
      return [offer.cheapestMinor];
    case "stars":
      return [-offer.property.stars, offer.cheapestMinor];
    case "distance":
      return [offer.property.distanceM, offer.cheapestMinor];
  }
}

export const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function sortOffers(offers: PropertyOffer[], sort: StaySort): PropertyOffer[] {
  const keyed = offers.map((o) => ({ o, k: sortKey(o, sort) }));
  keyed.sort((a, b) => compareKeys(a.k, b.k) || compareIds(a.o.property.id, b.o.property.id));
  return keyed.map(({ o }) => o);
}

/** The page after the position (exclusive) in the sorted offers. */
export function pageAfter(
  sorted: readonly PropertyOffer[],
  sort: StaySort,
  after: { key: number[]; id: string } | null,
  limit: number,
): { page: PropertyOffer[]; hasMore: boolean } {
  const start = after
    ? sorted.findIndex((o) => {
        const c = compareKeys(sortKey(o, sort), after.key);
        return c > 0 || (c === 0 && compareIds(o.property.id, after.id) > 0);
      })
    : 0;
  if (start === -1) return { page: [], hasMore: false };
  return { page: sorted.slice(start, start + limit), hasMore: start + limit < sorted.length };
}
