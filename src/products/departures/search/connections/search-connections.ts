import type { CacheLookup } from "../../../../cache/tiered-cache";
import { addDays, daysBetween, localDate } from "../../../../lib/time";
import { getPlace, type ResolvedLocation, resolveLocation } from "../../../../places/catalog";
import { type RouteDayRead, readRouteDay } from "../route-day";
import type { SearchDeps } from "../search-trips";
import type { SnapshotDeparture } from "../snapshot";
import type { Offer, SearchInput } from "../types";
import { hubsKey, MAX_HUBS, rankHubs } from "./hubs";
import { connectingOffers } from "./itineraries";
import { CONNECTION_RULES, SHORTEST_CONNECTION_MINUTES } from "./rules";

/**
 * A second leg is read for each local date at the hub a connection can leave on. The arrivals of
 * one day's first legs span under 24 h plus the spread of their durations, and the layover window
 * adds under 6 h: three dates whenever those durations differ by less than 18 h. Past that cap,
 * the latest dates are left out (and with them only itineraries of over a day and a half).
 */
export const MAX_SECOND_LEG_DAYS = 3;

/** Snapshot reads of one search with connections, at most: the direct route-day, the hub list, and each hub's legs. */
export const MAX_SNAPSHOT_READS_WITH_CONNECTIONS = 2 + MAX_HUBS * (1 + MAX_SECOND_LEG_DAYS);

export interface Connections {
  /** Composed on demand: a memoised page of the same entries needs none. */
  offers: (input: SearchInput, nowMs: number) => Offer[];
  reads: Omit<CacheLookup<unknown>, "value">[];
  /** Every entry the answer was built from, with the moment it was read: what a memoised page depends on. */
  sources: string[];
  firstLegs: SnapshotDeparture[];
}

/**
 * One-connection itineraries from route-day snapshots: the hub list, then origin → hub for each
 * hub (in parallel), then hub → destination for the hub's dates a connection can reach (in
 * parallel). Throws when the origin fails with no usable cache entry, as a direct read does.
 */
export async function searchConnections(
  deps: Pick<SearchDeps, "cache" | "versions" | "loadRouteDay" | "loadHubs">,
  route: { origin: ResolvedLocation; destination: ResolvedLocation },
  input: SearchInput,
  isPopular: () => Promise<boolean>,
): Promise<Connections> {
  const { origin, destination } = route;
  const key = hubsKey(origin.code, destination.code, input.date);
  const hubList = await deps.cache.get(key, () => deps.loadHubs({ origin, destination, date: input.date }), isPopular);
  const hubs = rankHubs(hubList.value, origin.cityCode, destination.cityCode)
    .map((code) => resolveLocation(code))
    .filter((h): h is ResolvedLocation => h !== null);
  // A leg of a popular search is as worth keeping in KV as the search itself.
  const firsts = await Promise.all(hubs.map((hub) => readRouteDay(deps, origin, hub, input.date, isPopular)));
  const seconds = await Promise.all(
    hubs.map((hub, i) => {
      const dates = secondLegDates(firsts[i]?.lookup.value.departures ?? [], hubTimezone(hub));
      return Promise.all(dates.map((date) => readRouteDay(deps, hub, destination, date, isPopular)));
    }),
  );
  const hubLegs = firsts.map((first, i) => ({
    first: first.lookup.value.departures,
    second: (seconds[i] ?? []).flatMap((s) => s.lookup.value.departures),
  }));
  const legReads: RouteDayRead[] = [...firsts, ...seconds.flat()];
  return {
    offers: (input, nowMs) => hubLegs.flatMap((legs) => connectingOffers(legs, input, nowMs)),
    reads: [hubList, ...legReads.map((r) => r.lookup)],
    sources: [`${key}@${hubList.asOf}`, ...legReads.map((r) => `${r.key}@${r.lookup.asOf}`)],
    firstLegs: firsts.flatMap((f) => f.lookup.value.departures),
  };
}

/** The hub's local dates from the earliest arrival plus the shortest connection to the latest plus the longest layover. */
export function secondLegDates(firstLegs: readonly SnapshotDeparture[], timezone: string): string[] {
  if (firstLegs.length === 0) return [];
  const arrivals = firstLegs.map((d) => d.arrivesAt * 1000);
  const from = localDate(Math.min(...arrivals) + SHORTEST_CONNECTION_MINUTES * 60_000, timezone);
  const to = localDate(Math.max(...arrivals) + CONNECTION_RULES.maxLayoverMinutes * 60_000, timezone);
  const days = Math.min(daysBetween(from, to) + 1, MAX_SECOND_LEG_DAYS);
  return Array.from({ length: days }, (_, i) => addDays(from, i));
}

const hubTimezone = (hub: ResolvedLocation) => getPlace(hub.placeCodes[0] ?? "")?.timezone ?? "UTC";
