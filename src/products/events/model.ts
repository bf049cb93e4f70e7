/**
 * The events product's vocabulary, free of runtime dependencies: the drizzle tables, the seed
 * (which also runs in Node, from tools/seed.ts) and the HTTP schemas all read it from here.
 */
export const EVENT_CATEGORIES = ["concert", "theatre", "sport", "tour", "dinner"] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export const EVENT_STATUSES = ["scheduled", "cancelled"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const VENUE_KINDS = [
  "arena",
  "stadium",
  "concert_hall",
  "club",
  "theatre",
  "restaurant",
  "meeting_point",
] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];

/**
 * One step of a tier's cancellation policy, relative to the event's start: cancelling at least
 * `hours_before` hours before the start refunds `refund_bps` basis points of the price. Steps are
 * stored in descending `hours_before`; later than the last step nothing is refunded. An empty
 * list means not refundable. The engine's RefundStep (absolute `before`) is derived from these
 * with the start time when a hold is placed (see refundSteps in refund-policy.ts).
 */
export interface RefundRule {
  hours_before: number;
  refund_bps: number;
}

/** Shared-table dinners sell seats at tables of this many strangers, one tier per table. */
export const DINNER_TABLE_SEATS = 6;

/** Engine pool names are [A-Za-z0-9_.:@-]{1,64}; tier ids are pool names of the event's object. */
export const TIER_ID_PATTERN = /^tier_[a-z0-9_]{1,59}$/;

/** A ticket is valid until its booking item is cancelled; a check-in is a separate record. */
export const TICKET_STATUSES = ["valid", "void"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
