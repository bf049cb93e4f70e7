import type { Logger } from "../lib/logger";
import type { Metrics } from "../metrics/events";
import { backoffSeconds } from "./backoff";
import { type DeliveryDeps, deliverOutboxEmail } from "./deliver";
import { EmailJobSchema } from "./messages";

/** What the queue consumer should do with one message; the Worker shell only applies it. */
export type QueueAction =
  | { kind: "ack" }
  | { kind: "retry"; delaySeconds: number }
  /** Record where an operator can see it, then ack: retrying cannot help. */
  | { kind: "dead_letter"; reason: string };

export async function handleEmailJob({
  deps,
  input,
}: {
  deps: DeliveryDeps & { log: Logger; metrics?: Metrics };
  input: { body: unknown; attempts: number };
}): Promise<QueueAction> {
  const parsed = EmailJobSchema.safeParse(input.body);
  if (!parsed.success) return { kind: "dead_letter", reason: "invalid email job body" };
  const { outboxId } = parsed.data;
  const outcome = await deliverOutboxEmail({ deps, input: { outboxId } });
  switch (outcome.status) {
    case "sent":
      deps.metrics?.record({ kind: "email", outcome: "sent" });
      deps.log.info("email_sent", { outbox_id: outboxId, provider: deps.sender.provider, attempt: input.attempts });
      return { kind: "ack" };
    case "already_sent":
    case "not_found":
      deps.log.info("email_job_skipped", { outbox_id: outboxId, reason: outcome.status });
      return { kind: "ack" };
    case "busy":
      return { kind: "retry", delaySeconds: backoffSeconds(input.attempts) };
    case "failed":
      deps.metrics?.record({ kind: "email", outcome: "failed" });
      deps.log.warn("email_send_failed", { outbox_id: outboxId, attempt: input.attempts, ...outcome });
      return outcome.retryable
        ? { kind: "retry", delaySeconds: backoffSeconds(input.attempts) }
        : { kind: "dead_letter", reason: outcome.reason };
  }
}
