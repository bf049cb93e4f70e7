/**
 * Departures' cache keys. Route-days are keyed by the *resolved* request (the codes as asked, the date) and
 * the route version of the city pair: bumping the version makes every old key unreachable,
 * so invalidation never scans keys.
 */
const SCHEMA = "v1";

export function routeDayKey(origin: string, destination: string, date: string, version: string): string {
  return `search:${SCHEMA}:${origin}:${destination}:${date}:${version}`;
}

/** Versions are per city pair, so LHR→CDG, LON→PAR, LHR→PAR and LON→CDG move together. */
export function routeVersionKey(originCity: string, destinationCity: string): string {
  return `routever:${originCity}:${destinationCity}`;
}

export function popularityMember(origin: string, destination: string, date: string): string {
  return `${origin}:${destination}:${date}`;
}

export function parsePopularityMember(member: string): { origin: string; destination: string; date: string } | null {
  const [origin, destination, date] = member.split(":");
  return origin && destination && date ? { origin, destination, date } : null;
}
