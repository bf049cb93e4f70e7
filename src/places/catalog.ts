import { CITIES, type City, PLACES, type Place, type PlaceKind } from "./cities.ts";

export { type Suggestion, suggestPlaces } from "./suggest.ts";
export type { City, Place, PlaceKind };
export { CITIES, PLACES };

export interface ResolvedLocation {
  code: string;
  type: "place" | "city";
  cityCode: string;
  placeCodes: string[];
}

const cityByCode = new Map(CITIES.map((c) => [c.code, c]));
const placeByCode = new Map(PLACES.map((p) => [p.code, p]));

export function getPlace(code: string): Place | undefined {
  return placeByCode.get(code.trim().toUpperCase());
}

export function getCity(code: string): City | undefined {
  return cityByCode.get(code.trim().toUpperCase());
}

/**
 * A city code names the whole city (every airport and station), even where it equals that
 * city's main airport code (BER, MAD, SHA): someone who types the city means any of its places.
 */
export function resolveLocation(code: string): ResolvedLocation | null {
  const upper = code.trim().toUpperCase();
  const city = cityByCode.get(upper);
  if (city) {
    return { code: upper, type: "city", cityCode: city.code, placeCodes: city.places.map((p) => p.code) };
  }
  const place = placeByCode.get(upper);
  if (place) return { code: upper, type: "place", cityCode: place.cityCode, placeCodes: [place.code] };
  return null;
}
