import type { HoldView, RefundStep } from "../inventory/contract";

/**
 * What a product says about one booked item, written once when the booking is made and read by
 * everything after it (the booking view, emails, reminders, calendar entries): the engine renders
 * this and never a product's columns. Stored as JSON in booking_items.snapshot; the times are
 * columns (starts_at, ends_at, timezone) so reminders can query them.
 */
export interface ItemSnapshot {
  /** "LHR → CDG", "Hotel Miramar, 3 nights", "Jazz at the Lighthouse". */
  title: string;
  /** Label and value pairs, in order: [["Service", "Test Air TA 1"], ["Cabin", "Economy"], ["Seats", "2"]]. */
  details: [string, string][];
  /** Where it starts, as a traveller reads it (the calendar entry's LOCATION); null: nowhere to name. */
  location: string | null;
  /** The word for its start in reminders and emails: "Departs", "Check-in", "Starts". */
  startLabel: string;
  /** The calendar entry's SUMMARY: "Flight LHR → CDG (TA 1)". */
  calendarSummary: string;
}

export interface ItemDescription {
  snapshot: ItemSnapshot;
  /** Epoch seconds, UTC. */
  startsAt: number;
  endsAt: number | null;
  /** IANA zone the times are read in. */
  timezone: string;
  /**
   * The item's terms when they are not each line's own: every line is then quoted and refunded by
   * these steps (stays: the check-in night's policy for every night of the stay). Absent: each
   * line keeps the policy its pool locked into the hold.
   */
  refundPolicy?: RefundStep[];
}

/** Implemented by each product, injected into the bookings engine (never imported by it). Null: the unit is gone. */
export type DescribeHold = (hold: HoldView) => Promise<ItemDescription | null>;
