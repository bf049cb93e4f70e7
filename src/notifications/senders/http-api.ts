import { toBase64, utf8 } from "../../lib/encoding";
import { ok } from "../../lib/result";
import { sanitiseFilename } from "../mime";
import type { EmailAttachment } from "../types";
import { describeError, type EmailSender, OUTBOX_ID_HEADER } from "./sender";

export interface HttpSenderConfig {
  url: string;
  token: string;
  /** Injected so tests can stand a provider up in-process; production passes global fetch. */
  fetch: typeof fetch;
  timeoutMs?: number;
}

/**
 * A generic transactional-email API: `POST <url>` with a bearer token and a JSON body
 * `{ from, to: [..], subject, text, html, headers, attachments? }` (attachments as Resend takes
 * them: `[{ filename, content (base64), content_type, disposition, content_id? }]`), answered by any 2xx (optionally
 * `{ "id": "..." }`). The outbox id goes out as `Idempotency-Key`, which Resend, Postmark-style
 * gateways and most in-house relays honour, closing the send-then-crash window on their side.
 * 408, 429 and 5xx are retried; any other 4xx means the message itself was refused.
 */
export function httpApiSender(config: HttpSenderConfig): EmailSender {
  return {
    provider: "http",
    async send(email) {
      let response: Response;
      try {
        response = await config.fetch(config.url, {
          method: "POST",
          headers: {
            authorization: `Bearer ${config.token}`,
            "content-type": "application/json",
            "idempotency-key": email.outboxId,
          },
          body: JSON.stringify({
            from: email.from,
            to: [email.to],
            subject: email.subject,
            text: email.text,
            html: email.html,
            headers: { [OUTBOX_ID_HEADER]: email.outboxId },
            ...(email.attachments?.length ? { attachments: email.attachments.map(jsonAttachment) } : {}),
          }),
          signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
        });
      } catch (error) {
        return { ok: false, error: { retryable: true, reason: `request failed: ${describeError(error)}` } };
      }
      const text = await response.text();
      if (response.ok) return ok({ providerMessageId: providerId(text) });
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      return { ok: false, error: { retryable, reason: `HTTP ${response.status}: ${text.slice(0, 300)}` } };
    },
  };
}

/** Resend's attachment shape (base64 content), which most JSON email APIs accept or map 1:1. */
function jsonAttachment(a: EmailAttachment) {
  return {
    filename: sanitiseFilename(a.filename),
    content: toBase64(typeof a.content === "string" ? utf8(a.content) : a.content),
    content_type: a.contentType.replace(/[\r\n]+/g, " "),
    disposition: a.disposition ?? "attachment",
    ...(a.contentId ? { content_id: a.contentId } : {}),
  };
}

function providerId(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && "id" in parsed && typeof parsed.id === "string") return parsed.id;
  } catch {
    // A 2xx without a JSON body is still a success; the provider just gave us no id.
  }
  return null;
}
