import type { PlaceKind } from "../../../../places/catalog";

/**
 * When a connection is possible, in one table (docs/search-and-caching.md, "Connections").
 *
 * - Same place: the time to walk from one service to the next, by the kind of place. An airport
 *   needs a transfer through security and the gates; a station a change of platform.
 * - Another place of the same city: the time to cross the city (LHR → St Pancras, Gare du Nord →
 *   Gare de Lyon), allowed only between kinds listed in `changeOfPlace`. An airport and a ferry
 *   port are never paired: they sit at opposite ends of their cities and nobody sells the
 *   transfer as a connection.
 * - Whatever the places, no layover longer than `maxLayoverMinutes`: longer, the traveller stays
 *   the night and it is two trips, not one itinerary.
 */
export const CONNECTION_RULES = {
  minimumMinutes: { airport: 60, rail: 10, bus: 15, ferry: 30 } satisfies Record<PlaceKind, number>,
  changeOfPlaceMinutes: 120,
  changeOfPlace: {
    airport: ["airport", "rail", "bus"],
    rail: ["airport", "rail", "bus", "ferry"],
    bus: ["airport", "rail", "bus", "ferry"],
    ferry: ["rail", "bus", "ferry"],
  } satisfies Record<PlaceKind, readonly PlaceKind[]>,
  maxLayoverMinutes: 360,
} as const;

export interface ConnectionPlace {
  code: string;
  kind: PlaceKind;
  cityCode: string;
}

/** Minutes needed to connect from arriving at `arrive` to leaving from `depart`; null when not allowed. */
export function minimumConnectionMinutes(arrive: ConnectionPlace, depart: ConnectionPlace): number | null {
  if (arrive.code === depart.code) return CONNECTION_RULES.minimumMinutes[arrive.kind];
  if (arrive.cityCode !== depart.cityCode) return null;
  const allowed: readonly PlaceKind[] = CONNECTION_RULES.changeOfPlace[arrive.kind];
  return allowed.includes(depart.kind) ? CONNECTION_RULES.changeOfPlaceMinutes : null;
}

/** The least time any connection needs: where a second leg may leave at the earliest. */
export const SHORTEST_CONNECTION_MINUTES = Math.min(...Object.values(CONNECTION_RULES.minimumMinutes));
