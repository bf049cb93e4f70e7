import type { CacheLookup } from "../../../cache/tiered-cache";
import type { ResolvedLocation } from "../../../places/catalog";
import { routeDayKey } from "./keys";
import type { SearchDeps } from "./search-trips";
import type { RouteDaySnapshot } from "./snapshot";

export interface RouteDayRead {
  key: string;
  lookup: CacheLookup<RouteDaySnapshot>;
}

/**
 * One route-day through the tiers: the unit every search reads, direct or as a leg of a
 * connection, so a leg read for an itinerary is the same entry a direct search of that route
 * would use. Throws only when the origin fails and no tier holds a young-enough entry.
 */
export async function readRouteDay(
  deps: Pick<SearchDeps, "cache" | "versions" | "loadRouteDay">,
  from: ResolvedLocation,
  to: ResolvedLocation,
  date: string,
  isPopular: () => Promise<boolean>,
): Promise<RouteDayRead> {
  const version = await deps.versions.get(from.cityCode, to.cityCode);
  const key = routeDayKey(from.code, to.code, date, version);
  const lookup = await deps.cache.get(
    key,
    () => deps.loadRouteDay({ originCodes: from.placeCodes, destinationCodes: to.placeCodes, date }),
    isPopular,
  );
  return { key, lookup };
}
