/**
 * Every departure id, whoever made it (generated `dep_<20 base36>`, seeded `dep_<14 base36>`, or
 * chosen by an operator): `dep_` and 4 to 60 letters, digits, `_` or `-`. Checked before any
 * lookup, so an id that cannot exist never costs a D1 query or wakes a Durable Object.
 */
export const DEPARTURE_ID_PATTERN = /^dep_[A-Za-z0-9_-]{4,60}$/;
export const DEPARTURE_ID_RULE = "dep_ followed by 4 to 60 letters, digits, _ or -";

export function isDepartureId(value: string): boolean {
  return DEPARTURE_ID_PATTERN.test(value);
}
