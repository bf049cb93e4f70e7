import type { Logger } from "../lib/logger";
import { emailDedupeKey, enqueueOutboxEmails, prepareOutboxEmail } from "../notifications/outbox";
import type { BookingEmail, PassengerName } from "../notifications/types";

const REMINDER_WINDOW_SECONDS = 24 * 3600;
const PAGE = 50;
const MAX_PAGES = 10;

interface DueBooking {
  id: string;
  reference: string;
  contact_email: string;
  total_minor: number;
  currency: string;
  origin_code: string;
  destination_code: string;
  departs_at: number;
  operator: string;
  number: string;
}

/**
 * One reminder per confirmed booking whose departure is within the next 24 hours. The run is
 * hourly, so each booking gets the reminder between 24 and 23 hours ahead, and the outbox's
 * dedupe key `reminder:<booking>` makes a second run, or an overlapping one, a no-op.
 *
 * No cursor is needed to page: a booking that got its reminder drops out of the NOT EXISTS,
 * so each page is "the next due bookings". MAX_PAGES bounds one run; the rest wait an hour.
 */
export async function scheduleDepartureReminders({
  deps,
  now,
}: {
  deps: { d1: D1Database; emailJobs: Queue; log: Logger };
  now: number;
}): Promise<{ scheduled: number }> {
  const nowSeconds = Math.floor(now / 1000);
  let scheduled = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const due = await dueBookings(deps.d1, nowSeconds);
    if (due.length === 0) break;
    const passengers = await passengersOf(
      deps.d1,
      due.map((b) => b.id),
    );
    const emails = due.map((b) =>
      prepareOutboxEmail(deps.d1, {
        bookingId: b.id,
        to: b.contact_email,
        template: { kind: "departure_reminder", data: emailData(b, passengers.get(b.id) ?? []) },
        dedupeKey: emailDedupeKey("departure_reminder", b.id),
        now,
      }),
    );
    await deps.d1.batch(emails.map((e) => e.statement));
    await enqueueOutboxEmails(
      deps.emailJobs,
      emails.map((e) => e.outboxId),
      deps.log,
    );
    scheduled += due.length;
    if (due.length < PAGE) break;
  }
  return { scheduled };
}

/**
 * Confirmed bookings departing in the window without a reminder yet. test/reminders-query-plan
 * checks SQLite starts from departures_departs_at_idx: bookings of past trips are never read.
 */
export const REMINDER_DUE_SQL = `SELECT b.id, b.reference, b.contact_email, b.total_minor, b.currency,
       d.origin_code, d.destination_code, d.departs_at, d.operator, d.number
  FROM departures d INDEXED BY departures_departs_at_idx
  JOIN bookings b ON b.departure_id = d.id
 WHERE b.status = 'confirmed' AND d.status != 'cancelled'
   AND d.departs_at > ?1 AND d.departs_at <= ?2
   AND NOT EXISTS (SELECT 1 FROM email_outbox o WHERE o.dedupe_key = ?4 || b.id)
 ORDER BY d.departs_at, b.id LIMIT ?3`;

async function dueBookings(d1: D1Database, nowSeconds: number): Promise<DueBooking[]> {
  const { results } = await d1
    .prepare(REMINDER_DUE_SQL)
    .bind(nowSeconds, nowSeconds + REMINDER_WINDOW_SECONDS, PAGE, emailDedupeKey("departure_reminder", ""))
    .all<DueBooking>();
  return results;
}

async function passengersOf(d1: D1Database, bookingIds: string[]): Promise<Map<string, PassengerName[]>> {
  const placeholders = bookingIds.map(() => "?").join(",");
  const { results } = await d1
    .prepare(
      `SELECT booking_id, given_name, family_name FROM booking_passengers
       WHERE booking_id IN (${placeholders}) ORDER BY booking_id, position`,
    )
    .bind(...bookingIds)
    .all<{ booking_id: string; given_name: string; family_name: string }>();
  const byBooking = new Map<string, PassengerName[]>();
  for (const p of results) {
    const list = byBooking.get(p.booking_id) ?? [];
    list.push({ givenName: p.given_name, familyName: p.family_name });
    byBooking.set(p.booking_id, list);
  }
  return byBooking;
}

/** Only confirmed bookings get reminders, so the money line is what they paid. */
function emailData(b: DueBooking, passengers: PassengerName[]): BookingEmail<"charged"> {
  const total = { minor: b.total_minor, currency: b.currency };
  return {
    reference: b.reference,
    passengers,
    trip: {
      originCode: b.origin_code,
      destinationCode: b.destination_code,
      departsAt: b.departs_at,
      service: `${b.operator} ${b.number}`,
    },
    total,
    money: { state: "charged", amount: total },
  };
}
