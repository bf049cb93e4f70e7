/** What replaces an address: `.invalid` is reserved (RFC 2606), so nothing is ever delivered to it. */
export const ERASED_EMAIL = "erased@erased.invalid";
export const ERASED_NAME = "[erased]";

/**
 * Removes the personal data of bookings (account erasure, guest retention: docs/accounts.md):
 * travellers' names and birth dates, the contact address, and the emails about them. Amounts,
 * references, statuses, items, payments and the timeline stay: the accounting record the law
 * keeps. Idempotent: running it again writes the same values. Pending emails of these bookings
 * are failed rather than sent to nobody. `ids`: at most 90 (D1 binds 100 parameters per statement).
 */
export function anonymiseBookingsStatements(d1: D1Database, ids: string[], nowMs: number): D1PreparedStatement[] {
  if (ids.length === 0) return [];
  if (ids.length > 90) throw new Error("anonymise at most 90 bookings per batch");
  const now = Math.floor(nowMs / 1000);
  const list = ids.map(() => "?").join(", ");
  return [
    d1
      .prepare(
        `UPDATE booking_passengers SET given_name = ?, family_name = ?, family_name_folded = '', birth_date = NULL
         WHERE booking_id IN (${list})`,
      )
      .bind(ERASED_NAME, ERASED_NAME, ...ids),
    d1
      .prepare(
        `UPDATE email_outbox SET to_address = ?, subject = ?, text_body = '', html_body = '', attachments = NULL,
         status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END,
         last_error = CASE WHEN status = 'pending' THEN 'personal data erased' ELSE last_error END
         WHERE booking_id IN (${list})`,
      )
      .bind(ERASED_EMAIL, ERASED_NAME, ...ids),
    d1
      .prepare(
        `UPDATE bookings SET contact_email = ?, personal_data_erased_at = COALESCE(personal_data_erased_at, ?),
         updated_at = ? WHERE id IN (${list})`,
      )
      .bind(ERASED_EMAIL, now, now, ...ids),
  ];
}
