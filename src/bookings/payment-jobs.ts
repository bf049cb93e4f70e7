import { PaymentJobSchema } from "../payments/messages";
import { type JobDecision, retryAfter } from "../payments/retry-policy";
import type { PaymentDeps } from "./payment-deps";
import { processCharge } from "./process-charge";
import { processRefund } from "./process-refund";

/**
 * Decodes one PAYMENT_JOBS message and runs it. A body that does not parse can never succeed:
 * it is dead-lettered at once rather than retried six times first. An exception (D1 or the
 * object unreachable) is retried like a provider hiccup.
 */
export async function handlePaymentJob({
  deps,
  input,
}: {
  deps: PaymentDeps;
  input: { body: unknown; attempts: number; messageId: string };
}): Promise<JobDecision> {
  const parsed = PaymentJobSchema.safeParse(input.body);
  if (!parsed.success) {
    deps.log.error("payment_job_invalid", { message_id: input.messageId, issues: parsed.error.issues.length });
    return { action: "dead_letter", reason: "unknown message shape or version" };
  }
  const job = parsed.data;
  try {
    return job.type === "charge"
      ? await processCharge(deps, job, input.attempts)
      : await processRefund(deps, job, input.attempts);
  } catch (error) {
    deps.log.error("payment_job_failed", {
      message_id: input.messageId,
      type: job.type,
      booking_id: job.bookingId,
      error: String(error),
    });
    return retryAfter(input.attempts);
  }
}
