/**
 * Cache keys and invalidation scopes of stays search. Every key ends with the version of its
 * city's scope: an operator change (or a sell-out the inventory object publishes) bumps the
 * version and every cached listing and night of the city becomes unreachable at once.
 */
const SCHEMA = "v1";

export function cityScope(city: string): string {
  return `ver:stays:${city}`;
}

export function listingKey(city: string, version: string): string {
  return `search:stays:${SCHEMA}:listing:${city}:${version}`;
}

export function nightKey(city: string, night: string, version: string): string {
  return `search:stays:${SCHEMA}:night:${city}:${night}:${version}`;
}

/** Popularity is counted per city-night, in the same sorted set as other products' units. */
export function nightMember(city: string, night: string): string {
  return `stays|${city}:${night}`;
}

export function parseNightMember(member: string): { city: string; night: string } | null {
  const match = /^stays\|([A-Z0-9]{3}):(\d{4}-\d{2}-\d{2})$/.exec(member);
  return match?.[1] && match[2] ? { city: match[1], night: match[2] } : null;
}
