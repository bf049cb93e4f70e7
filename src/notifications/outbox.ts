import type { Database } from "../db/client";
import { emailOutbox } from "../db/schema";
import { randomId } from "../lib/ids";
import type { Logger } from "../lib/logger";
import { storeAttachments } from "./attachments";
import { type EmailJob, emailJob } from "./messages";
import { renderEmail } from "./render";
import type { EmailAttachment, EmailKind, EmailTemplate } from "./types";

/**
 * The transactional outbox. A caller writes the email row in the same D1 batch as the state
 * change that causes it (D1 has no interactive transactions, but a batch is atomic), then
 * enqueues delivery. If that enqueue is lost, the cleanup sweep re-enqueues pending rows,
 * so an email is never lost once its row is committed.
 *
 *   const email = prepareOutboxEmailQuery(db, { bookingId, to, template, now });
 *   await db.batch([updateBooking, email.query]);
 *   await enqueueOutboxEmails(env.EMAIL_JOBS, [email.outboxId], log);
 */
export interface OutboxEmailInput {
  bookingId: string | null;
  to: string;
  template: EmailTemplate;
  /** Defaults to `<kind>:<bookingId>` (see emailDedupeKey); pass one when an email may repeat. */
  dedupeKey?: string;
  /** Epoch ms (clock.now()); stored as epoch seconds like every other timestamp. */
  now: number;
  /** Sent after the template's own attachments (a calendar entry built from the booking's items). */
  attachments?: EmailAttachment[];
}

const DEDUPE_PREFIX: Record<EmailKind, string> = {
  booking_confirmed: "confirmation",
  payment_failed: "payment-failed",
  hold_expired: "hold-expired",
  booking_cancelled: "cancellation",
  late_charge_refunded: "late-charge-refund",
  payment_unresolved: "payment-unresolved",
  booking_reminder: "reminder",
  ops_alert: "alert",
  sign_in_link: "sign-in-link",
  account_erased: "account-erased",
  product_notice: "notice",
};

export function emailDedupeKey(kind: EmailKind, bookingId: string): string {
  return `${DEDUPE_PREFIX[kind]}:${bookingId}`;
}

/**
 * The outbox insert as a drizzle query, for the caller's `db.batch([...])`. `outboxId` is the id
 * of the row it inserts; if the dedupe key already existed nothing is inserted, and a delivery
 * job for this id is acknowledged as "nothing to send".
 */
export function prepareOutboxEmailQuery(db: Database, input: OutboxEmailInput) {
  const row = outboxRow(input);
  const query = db.insert(emailOutbox).values(row).onConflictDoNothing({ target: emailOutbox.dedupeKey });
  return { outboxId: row.id, dedupeKey: row.dedupeKey, query };
}

function outboxRow(input: OutboxEmailInput) {
  const dedupeKey = input.dedupeKey ?? emailDedupeKey(input.template.kind, input.bookingId ?? randomId("eml"));
  const rendered = renderEmail(input.template);
  return {
    id: randomId("eml"),
    bookingId: input.bookingId,
    kind: input.template.kind,
    dedupeKey,
    toAddress: input.to,
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
    attachments: storeAttachments([...(rendered.attachments ?? []), ...(input.attachments ?? [])]),
    status: "pending" as const,
    attempts: 0,
    createdAt: Math.floor(input.now / 1000),
  };
}

/**
 * Sends one delivery job per id after the batch committed. Never throws: a lost enqueue is
 * repaired by the sweep (pending rows older than OUTBOX_SWEEP_AGE_SECONDS), so the caller's
 * request must not fail because the queue hiccupped. Returns whether the jobs were accepted.
 */
export async function enqueueOutboxEmails(queue: Queue, outboxIds: string[], log?: Logger): Promise<boolean> {
  if (outboxIds.length === 0) return true;
  try {
    await queue.sendBatch(outboxIds.map((id) => ({ body: emailJob(id) satisfies EmailJob, contentType: "json" })));
    return true;
  } catch (error) {
    log?.warn("email_enqueue_failed", { outbox_ids: outboxIds, error: String(error) });
    return false;
  }
}
