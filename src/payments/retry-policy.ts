/**
 * Queue retries for payment jobs. wrangler.toml gives the payment queue max_retries = 5, so a
 * message is delivered at most 6 times before Cloudflare moves it to the dead-letter queue.
 */
export const PAYMENT_QUEUE_MAX_RETRIES = 5;

/** 10 s, 20 s, 40 s … capped at 10 min: a provider outage is waited out, not hammered. */
export function paymentBackoffSeconds(attempts: number): number {
  return Math.min(600, 10 * 2 ** Math.max(0, attempts - 1));
}

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
