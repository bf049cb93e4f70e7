import { asc, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { bookingPassengers } from "../db/schema";
import type { ItemSnapshot } from "../holds/item-snapshot";
import type { Logger } from "../lib/logger";
import { emailDedupeKey, enqueueOutboxEmails, prepareOutboxEmailQuery } from "../notifications/outbox";
import type { BookingEmail, PassengerName } from "../notifications/types";

const REMINDER_WINDOW_SECONDS = 24 * 3600;
const PAGE = 50;
const MAX_PAGES = 10;

interface DueItem {
  item_id: string;
  booking_id: string;
  reference: string;
  contact_email: string;
  total_minor: number;
  currency: string;
  starts_at: number;
  timezone: string;
  snapshot: string;
}

/**
 * One reminder per active item of a confirmed booking that starts within the next 24 hours, for
 * any product (a departure, a check-in, an event), worded from the item's snapshot. The run is
 * hourly, so each item gets its reminder between 24 and 23 hours ahead, and the outbox's dedupe
 * key `reminder:<item>` makes a second run, or an overlapping one, a no-op.
 *
 * No cursor is needed to page: an item that got its reminder drops out of the NOT EXISTS, so
 * each page is "the next due items". MAX_PAGES bounds one run; the rest wait an hour.
 */
export async function scheduleReminders({
  deps,
  now,
}: {
  /** `d1` for the due-items query (raw SQL, see REMINDER_DUE_SQL), `db` for the rest: one database. */
  deps: { d1: D1Database; db: Database; emailJobs: Queue; log: Logger };
  now: number;
}): Promise<{ scheduled: number }> {
  const nowSeconds = Math.floor(now / 1000);
  let scheduled = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const due = await dueItems(deps.d1, nowSeconds);
    if (due.length === 0) break;
    const passengers = await passengersOf(deps.db, [...new Set(due.map((i) => i.booking_id))]);
    const emails = due.map((i) =>
      prepareOutboxEmailQuery(deps.db, {
        bookingId: i.booking_id,
        to: i.contact_email,
        template: { kind: "booking_reminder", data: emailData(i, passengers.get(i.booking_id) ?? []) },
        dedupeKey: emailDedupeKey("booking_reminder", i.item_id),
        now,
      }),
    );
    const [first, ...rest] = emails.map((e) => e.query);
    if (first) await deps.db.batch([first, ...rest]);
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
 * Active items of confirmed bookings starting in the window, on a unit no operator cancelled,
 * without a reminder yet (`reminder:<item>`, or `reminder:<booking>` from before items had their
 * own). Raw SQL for INDEXED BY, which the query builder cannot write: test/reminders-query-plan
 * checks SQLite starts from booking_items_starts_at_idx, so items of past trips are never read.
 */
export const REMINDER_DUE_SQL = `SELECT i.id AS item_id, b.id AS booking_id, b.reference, b.contact_email,
       b.total_minor, b.currency, i.starts_at, i.timezone, i.snapshot
  FROM booking_items i INDEXED BY booking_items_starts_at_idx
  JOIN bookings b ON b.id = i.booking_id
 WHERE i.starts_at > ?1 AND i.starts_at <= ?2
   AND i.status = 'active' AND b.status = 'confirmed'
   AND NOT EXISTS (SELECT 1 FROM unit_cancellations u WHERE u.unit_id = i.unit_id)
   AND NOT EXISTS (SELECT 1 FROM email_outbox o WHERE o.dedupe_key IN (?4 || i.id, ?4 || b.id))
 ORDER BY i.starts_at, i.id LIMIT ?3`;

async function dueItems(d1: D1Database, nowSeconds: number): Promise<DueItem[]> {
  const { results } = await d1
    .prepare(REMINDER_DUE_SQL)
    .bind(nowSeconds, nowSeconds + REMINDER_WINDOW_SECONDS, PAGE, emailDedupeKey("booking_reminder", ""))
    .all<DueItem>();
  return results;
}

async function passengersOf(db: Database, bookingIds: string[]): Promise<Map<string, PassengerName[]>> {
  const { bookingId, givenName, familyName, position } = bookingPassengers;
  const rows = await db
    .select({ bookingId, givenName, familyName })
    .from(bookingPassengers)
    .where(inArray(bookingId, bookingIds))
    .orderBy(asc(bookingId), asc(position));
  const byBooking = new Map<string, PassengerName[]>();
  for (const p of rows) {
    const list = byBooking.get(p.bookingId) ?? [];
    list.push({ givenName: p.givenName, familyName: p.familyName });
    byBooking.set(p.bookingId, list);
  }
  return byBooking;
}

/** Only confirmed bookings get reminders, so the money line is what they paid. */
function emailData(i: DueItem, passengers: PassengerName[]): BookingEmail<"charged"> {
  const total = { minor: i.total_minor, currency: i.currency };
  const snapshot = JSON.parse(i.snapshot) as ItemSnapshot;
  return {
    reference: i.reference,
    passengers,
    items: [
      {
        title: snapshot.title,
        startLabel: snapshot.startLabel,
        startsAt: i.starts_at,
        timezone: i.timezone,
        location: snapshot.location,
        details: snapshot.details,
      },
    ],
    total,
    money: { state: "charged", amount: total },
  };
}
