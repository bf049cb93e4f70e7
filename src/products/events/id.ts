/**
 * Every event id (seeded `evt_<hash>`, or chosen by an operator): `evt_` and 1 to 60 letters,
 * digits, `_` or `-`. Checked before any lookup, so an id that cannot exist never costs a D1
 * query or wakes an inventory object.
 */
export const EVENT_ID_PATTERN = /^evt_[A-Za-z0-9_-]{1,60}$/;
export const EVENT_ID_RULE = "evt_ followed by 1 to 60 letters, digits, _ or -";

export const isEventId = (value: string): boolean => EVENT_ID_PATTERN.test(value);

export const TIER_ID_RULE = "tier_ followed by 1 to 59 lower-case letters, digits or _";
