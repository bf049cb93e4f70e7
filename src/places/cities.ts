import { CITY_DATA, type PlaceKind } from "./data/places.ts";

export type { PlaceKind };

/** One airport or station: the `places` table's row shape. */
export interface Place {
  code: string;
  name: string;
  kind: PlaceKind;
  cityCode: string;
  cityName: string;
  country: string;
  lat: number;
  lon: number;
  timezone: string;
}

export interface City {
  code: string;
  name: string;
  country: string;
  timezone: string;
  /** Airports first (main airport first), then rail, bus, ferry; catalogue order within a kind. */
  places: readonly Place[];
}

export const KIND_ORDER: Record<PlaceKind, number> = { airport: 0, rail: 1, bus: 2, ferry: 3 };

function buildCities(): City[] {
  return CITY_DATA.map(([code, name, country, timezone, rows]) => {
    const places = rows
      .map(([placeCode, placeName, kind, lat, lon]) => ({
        code: placeCode,
        name: placeName,
        kind,
        cityCode: code,
        cityName: name,
        country,
        lat,
        lon,
        timezone,
      }))
      .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    return { code, name, country, timezone, places };
  });
}

export const CITIES: readonly City[] = buildCities();
export const PLACES: readonly Place[] = CITIES.flatMap((c) => c.places);
