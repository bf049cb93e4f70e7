import type { AppEnv } from "../../env";
import { httpApiSender } from "./http-api";
import { sendEmailBindingSender } from "./send-email-binding";
import type { EmailSender } from "./sender";

export type { EmailSender, OutgoingEmail, SendFailure } from "./sender";

/**
 * Picks the provider named by EMAIL_PROVIDER. A misconfiguration throws: the consumer retries
 * with backoff, the message ends in the dead-letter list, and an operator replays it once the
 * configuration is fixed. Nothing is dropped.
 */
export function createEmailSender(
  env: AppEnv,
  fetcher: typeof fetch = (input, init) => fetch(input, init),
): EmailSender {
  switch (env.EMAIL_PROVIDER) {
    case "send_email":
      return sendEmailBindingSender(env.EMAIL, () => new Date());
    case "http":
      if (!env.EMAIL_HTTP_URL || !env.EMAIL_HTTP_TOKEN) {
        throw new Error("EMAIL_PROVIDER=http needs the EMAIL_HTTP_URL and EMAIL_HTTP_TOKEN secrets");
      }
      return httpApiSender({ url: env.EMAIL_HTTP_URL, token: env.EMAIL_HTTP_TOKEN, fetch: fetcher });
    default:
      throw new Error(`Unknown EMAIL_PROVIDER "${env.EMAIL_PROVIDER}" (expected send_email or http)`);
  }
}
