import { scopeVersionKey } from "../../../cache/scope-versions";

/**
 * Cache keys and invalidation scopes of stays search. Every key ends with the version of its
 * city's scope: an operator change (or a sell-out the inventory object publishes) bumps the
 * version and every cached listing and night of the city becomes unreachable at once.
 */
const SCHEMA = "v1";

export function cityScope(city: string): string {
  return scopeVersionKey("stays", city);
}

export function listingKey(city: string, version: string): string {
  return `search:stays:${SCHEMA}:listing:${city}:${version}`;
}

export function nightKey(city: string, night: string, version: string): string {
  return `search:stays:${SCHEMA}:night:${city}:${night}:${version}`;
}

/** Popularity is counted per city-night, in stays' own sorted set (`popularity:stays:<window>`). */
export function nightMember(city: string, night: string): string {
  return `${city}:${night}`;
}
