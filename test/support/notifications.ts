import { env } from "cloudflare:workers";
import { createDb } from "../../src/db/client";
import { prepareOutboxEmailQuery } from "../../src/notifications/outbox";
import type { BookingEmail, EmailAttachment, EmailTemplate } from "../../src/notifications/types";

export const sampleBooking: BookingEmail<"charged"> = {
  reference: "K7M2QX",
  passengers: [{ givenName: "Ada", familyName: "Lovelace" }],
  items: [
    {
      title: "LHR → CDG",
      startLabel: "Departs",
      startsAt: Date.UTC(2026, 11, 14, 7, 30) / 1000,
      timezone: "Europe/London",
      location: "London Heathrow (LHR)",
      details: [["Service", "Test Air TA 1"]],
    },
  ],
  total: { minor: 25900, currency: "EUR" },
  money: { state: "charged", amount: { minor: 25900, currency: "EUR" } },
};

/** Commits one pending outbox row the way a booking change does, and returns its id. */
export async function insertOutboxEmail(
  opts: {
    bookingId?: string;
    to?: string;
    template?: EmailTemplate;
    now?: number;
    attachments?: EmailAttachment[];
  } = {},
): Promise<string> {
  const db = createDb(env.DB);
  const email = prepareOutboxEmailQuery(db, {
    bookingId: opts.bookingId ?? `bkg_${crypto.randomUUID().slice(0, 8)}`,
    to: opts.to ?? "ada@example.com",
    template: opts.template ?? { kind: "booking_confirmed", data: sampleBooking },
    now: opts.now ?? Date.now(),
    ...(opts.attachments ? { attachments: opts.attachments } : {}),
  });
  await db.batch([email.query]);
  return email.outboxId;
}

export interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: number | null;
  created_at: number;
}

export async function outboxRow(id: string): Promise<OutboxRow | null> {
  return env.DB.prepare("SELECT id, status, attempts, last_error, sent_at, created_at FROM email_outbox WHERE id = ?")
    .bind(id)
    .first<OutboxRow>();
}

/** The real send_email binding, counting what goes through it. */
export function countingEmailBinding(real: SendEmail = env.EMAIL) {
  const sent: EmailMessage[] = [];
  const binding = {
    send: async (message: EmailMessage) => {
      const result = await real.send(message);
      sent.push(message);
      return result;
    },
  } as SendEmail;
  return { binding, sent };
}

/** A provider outage at the binding boundary: every send is refused. */
export function unavailableEmailBinding(reason = "upstream unavailable"): SendEmail {
  return {
    send: async () => {
      throw new Error(reason);
    },
  } as SendEmail;
}
