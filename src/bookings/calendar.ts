import { type CalendarMethod, calendarContentType, renderCalendar } from "../notifications/ics";
import type { EmailAttachment } from "../notifications/types";
import type { BookingItem } from "./items";

const PROD_ID = "-//edgefare//bookings//EN";

/**
 * One calendar file per booked item, from its snapshot (summary, location) and its times: the
 * same UID every time, so the cancellation (`CANCEL`, a higher SEQUENCE) removes the entry the
 * confirmation (`PUBLISH`) added, in any calendar that imported it.
 */
export function itemCalendar(
  item: BookingItem,
  booking: { reference: string },
  opts: { now: number; method: CalendarMethod },
): EmailAttachment {
  const start = item.startsAt * 1000;
  const content = renderCalendar(
    [
      {
        uid: `${item.id}@edgefare`,
        summary: item.snapshot.calendarSummary,
        start,
        end: Math.max(start, (item.endsAt ?? item.startsAt) * 1000),
        ...(item.snapshot.location ? { location: item.snapshot.location } : {}),
        description: `Booking ${booking.reference}: ${item.snapshot.title}`,
        sequence: opts.method === "CANCEL" ? 1 : 0,
      },
    ],
    { prodId: PROD_ID, now: opts.now, method: opts.method },
  );
  return {
    filename: `${booking.reference}-${item.position + 1}.ics`,
    contentType: calendarContentType(opts.method),
    content,
  };
}
