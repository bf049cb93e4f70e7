import { EmailMessage } from "cloudflare:email";
import { ok } from "../../lib/result";
import { buildMimeMessage } from "../mime";
import { describeError, type EmailSender, OUTBOX_ID_HEADER } from "./sender";

/**
 * Cloudflare's `send_email` binding with a raw MIME message. The binding also accepts a
 * structured builder; raw MIME is used so the bytes sent are the bytes tested, and so the
 * outbox id travels in our own Message-ID. Cloudflare Email Service replaces Message-ID with
 * its own, and it has no idempotency key, so the X- header is what ties a delivered message
 * back to its row. Locally, miniflare writes each message as an .eml file under .wrangler/tmp.
 */
export function sendEmailBindingSender(binding: SendEmail, now: () => Date): EmailSender {
  return {
    provider: "send_email",
    async send(email) {
      const raw = buildMimeMessage({
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        attachments: email.attachments,
        messageId: `${email.outboxId}@${domainOf(addressOf(email.from))}`,
        date: now(),
        headers: { [OUTBOX_ID_HEADER]: email.outboxId },
      });
      try {
        // The envelope sender must be exactly the From header's address: the binding refuses a
        // display name there ("From: header does not match mail from").
        const result = await binding.send(new EmailMessage(addressOf(email.from), email.to, raw));
        return ok({ providerMessageId: result?.messageId ?? null });
      } catch (error) {
        // The binding does not tell a bad address from an outage: retry, the queue caps it.
        return { ok: false, error: { retryable: true, reason: describeError(error) } };
      }
    },
  };
}

/** `Edgefare <bookings@edgefare.example>` → `bookings@edgefare.example`; a bare address as it is. */
function addressOf(mailbox: string): string {
  const angle = /<([^<>]*)>\s*$/.exec(mailbox);
  return (angle?.[1] ?? mailbox).trim();
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1) || "edgefare.invalid";
}
