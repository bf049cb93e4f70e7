import type { Result } from "../../lib/result";
import type { EmailAttachment } from "../types";

/** What a provider needs to send one outbox row. */
export interface OutgoingEmail {
  /** The outbox row id: stable across retries, so providers that can de-duplicate do. */
  outboxId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: EmailAttachment[];
}

export interface SendFailure {
  /** False when sending again cannot help (the provider rejected the message itself). */
  retryable: boolean;
  reason: string;
}

export interface SentEmail {
  /** The provider's id for the message, when it gives one. */
  providerMessageId: string | null;
}

export interface EmailSender {
  readonly provider: string;
  send(email: OutgoingEmail): Promise<Result<SentEmail, SendFailure>>;
}

/** Custom X- headers are accepted by Cloudflare Email Service and most transactional APIs. */
export const OUTBOX_ID_HEADER = "X-Edgefare-Outbox-Id";

export function describeError(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
