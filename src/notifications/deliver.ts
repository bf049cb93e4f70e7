import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { emailOutbox } from "../db/schema";
import type { Clock } from "../lib/clock";
import { loadAttachments } from "./attachments";
import type { EmailSender } from "./senders";
import type { EmailKind } from "./types";

/**
 * Emails whose recipient no row may keep once delivery is settled (sent, or given up): the notice
 * that an account was erased goes to the very address erasure removed (docs/accounts.md).
 */
const FORGET_RECIPIENT: readonly EmailKind[] = ["account_erased"];
/** `.invalid` is never delivered (RFC 2606); the same tombstone erasure writes. */
const FORGOTTEN_ADDRESS = "erased@erased.invalid";
const forgetRecipient = (kind: string) =>
  (FORGET_RECIPIENT as readonly string[]).includes(kind) ? { toAddress: FORGOTTEN_ADDRESS } : {};

export interface DeliveryDeps {
  db: Database;
  sender: EmailSender;
  from: string;
  clock: Clock;
}

export type DeliveryOutcome =
  | { status: "sent"; providerMessageId: string | null }
  /** A duplicate job, or one for a row that was already delivered: nothing to do. */
  | { status: "already_sent" }
  /** The insert lost to an existing dedupe key, so no row has this id: nothing to send. */
  | { status: "not_found" }
  /** Another consumer claimed the row between our read and our claim; it will finish it. */
  | { status: "busy" }
  | { status: "failed"; retryable: boolean; reason: string };

/**
 * Delivers one outbox row, at least once.
 *
 * The claim (attempts n -> n+1, conditional on n) makes concurrent duplicates of the same job
 * race for the row: exactly one sends, the others come back `busy` and later find it `sent`.
 * What no claim can close is the window between the provider accepting the message and the
 * `sent` update committing: if the Worker dies there, the job is retried and the message goes
 * out again. The outbox id travels with every attempt (Message-ID / Idempotency-Key / an X-
 * header) so a provider that de-duplicates drops the second copy.
 */
export async function deliverOutboxEmail({
  deps,
  input,
}: {
  deps: DeliveryDeps;
  input: { outboxId: string };
}): Promise<DeliveryOutcome> {
  const { db } = deps;
  const row = await db.query.emailOutbox.findFirst({ where: eq(emailOutbox.id, input.outboxId) });
  if (!row) return { status: "not_found" };
  if (row.status === "sent") return { status: "already_sent" };

  const claimed = await db
    .update(emailOutbox)
    .set({ attempts: row.attempts + 1, status: "pending", lastAttemptAt: Math.floor(deps.clock.now() / 1000) })
    .where(and(eq(emailOutbox.id, row.id), ne(emailOutbox.status, "sent"), eq(emailOutbox.attempts, row.attempts)))
    .returning({ id: emailOutbox.id });
  if (claimed.length === 0) return { status: "busy" };

  const result = await deps.sender.send({
    outboxId: row.id,
    from: deps.from,
    to: row.toAddress,
    subject: row.subject,
    text: row.textBody,
    html: row.htmlBody,
    attachments: loadAttachments(row.attachments),
  });
  const now = Math.floor(deps.clock.now() / 1000);
  if (result.ok) {
    await db
      .update(emailOutbox)
      .set({ status: "sent", sentAt: now, lastError: null, ...forgetRecipient(row.kind) })
      .where(and(eq(emailOutbox.id, row.id), ne(emailOutbox.status, "sent")));
    return { status: "sent", providerMessageId: result.value.providerMessageId };
  }
  const { retryable, reason } = result.error;
  await db
    .update(emailOutbox)
    .set(retryable ? { lastError: reason } : { lastError: reason, status: "failed", ...forgetRecipient(row.kind) })
    .where(and(eq(emailOutbox.id, row.id), ne(emailOutbox.status, "sent")));
  return { status: "failed", retryable, reason };
}

/** Called when a job for this row reaches the dead-letter queue: it stops being "pending" for the sweep. */
export async function markOutboxEmailFailed(db: Database, outboxId: string, reason: string): Promise<void> {
  await db
    .update(emailOutbox)
    .set({
      status: "failed",
      lastError: reason,
      toAddress: sql`CASE WHEN ${inArray(emailOutbox.kind, [...FORGET_RECIPIENT])} THEN ${FORGOTTEN_ADDRESS} ELSE ${emailOutbox.toAddress} END`,
    })
    .where(and(eq(emailOutbox.id, outboxId), eq(emailOutbox.status, "pending")));
}
