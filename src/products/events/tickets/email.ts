import type { EmailAttachment } from "../../../notifications/types";
import { qrPng } from "./qr";

/** What a confirmation email needs of a ticket. */
export type EmailTicket = { id: string; code: string; position: number };

/** The Content-ID an email's HTML shows a ticket's QR image by: `<img src="cid:…">`. */
export const ticketQrContentId = (ticketId: string): string => `qr-${ticketId}@tickets.edgefare`;

/**
 * One inline PNG QR image per ticket, for the confirmation email (most email clients show PNG,
 * few show SVG). The HTML shows each as `cid:${ticketQrContentId(id)}`; the text part should carry
 * the code itself, which door staff can also type or paste.
 */
export async function ticketQrAttachments(tickets: EmailTicket[]): Promise<EmailAttachment[]> {
  return Promise.all(
    tickets.map(async (ticket) => ({
      filename: `ticket-${ticket.position}.png`,
      contentType: "image/png",
      content: await qrPng(ticket.code),
      disposition: "inline" as const,
      contentId: ticketQrContentId(ticket.id),
    })),
  );
}
