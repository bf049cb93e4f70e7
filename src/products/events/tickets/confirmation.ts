import type { Database } from "../../../db/client";
import type { AppEnv } from "../../../env";
import type { EmailAttachment } from "../../../notifications/types";
import type { ConfirmedItem } from "../../module";
import { ticketQrAttachments } from "./email";
import { issueTickets } from "./issue";
import { ticketSigner } from "./keys";

export interface ConfirmationExtras {
  details: [string, string][];
  attachments: EmailAttachment[];
}

/**
 * What an event's booking item adds to its confirmation email (ProductModule.confirmationExtras):
 * its tickets, issued here the first time and found again after (issueTickets is idempotent by
 * item, so a retried or repeated confirmation sends the same codes), each code as a detail line
 * and its QR image inline. A cancelled item has no tickets to send.
 *
 * Without a signing key no ticket can be made: that throws, so the confirmation is not sent
 * without its tickets and the caller's retry (and then its dead letter) makes the missing key
 * visible. The booking itself stays confirmed.
 */
export async function eventConfirmationExtras(
  deps: { db: Database; env: AppEnv; now: () => number },
  item: ConfirmedItem,
  booking: { id: string; reference: string; leadTraveller: string },
): Promise<ConfirmationExtras> {
  const line = item.lines[0];
  if (item.status !== "active" || !line) return { details: [], attachments: [] };
  const issued = await issueTickets({
    deps: { db: deps.db, signer: () => ticketSigner(deps.env), now: deps.now },
    input: {
      bookingReference: booking.reference,
      itemId: item.id,
      eventId: item.unitId,
      tierId: line.pool,
      quantity: item.quantity,
      holderName: booking.leadTraveller,
    },
  });
  if (!issued.ok) throw new Error(`tickets of item ${item.id} not issued: ${issued.error.code} ${issued.error.detail}`);
  const tickets = issued.value;
  return {
    details: tickets.map((t): [string, string] => [`Ticket ${t.position} of ${tickets.length}`, t.code]),
    attachments: await ticketQrAttachments(tickets),
  };
}
