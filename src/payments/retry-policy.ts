/**
 * Queue retries for payment jobs. wrangler.toml gives the payment queue max_retries = 5, so a
 * message is delivered at most 6 times before Cloudflare moves it to the dead-letter queue.
 */
export const PAYMENT_QUEUE_MAX_RETRIES = 5;

/** 10 s, 20 s, 40 s … capped at 10 min: a provider outage is waited out, not hammered. */
export function paymentBackoffSeconds(attempts: number): number {
  return Math.min(600, 10 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The longest a retry we asked for can still be waiting in the queue: the delay after the last
 * delivery that is retried rather than dead-lettered (delivery max_retries: 160 s). A job that
 * has not touched its payment row for longer than this (plus delivery slack) is not coming back:
 * it was lost with a restart, or dead-lettered. The reconcile sweep relies on it (docs).
 */
export const LONGEST_PENDING_RETRY_SECONDS = paymentBackoffSeconds(PAYMENT_QUEUE_MAX_RETRIES);

/** `msg.attempts` counts deliveries from 1; the one after max_retries is the last. */
export function isLastDelivery(attempts: number): boolean {
  return attempts > PAYMENT_QUEUE_MAX_RETRIES;
}

export type JobDecision =
  | { action: "ack" }
  | { action: "retry"; delaySeconds: number }
  /** Cannot succeed however often it is retried (a body we do not understand): stored for an operator now. */
  | { action: "dead_letter"; reason: string };

export const ACK: JobDecision = { action: "ack" };
export const retryAfter = (attempts: number): JobDecision => ({
  action: "retry",
  delaySeconds: paymentBackoffSeconds(attempts),
});
