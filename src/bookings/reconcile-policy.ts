import { LONGEST_PENDING_RETRY_SECONDS } from "../payments/retry-policy";

export const RECONCILE_POLICY = {
  /** After the hold's deadline, the consumer gets this long before the sweep steps in. */
  graceSeconds: 120,
  /** Added to the longest delay a live job could be waiting for: queue delivery is not instant. */
  deliverySlackSeconds: 120,
  /** The stuck rule: a charge with this many provider attempts, or still pending this long after
   *  the hold's deadline, is asked once more and then given a terminal outcome. */
  maxAttempts: 18,
  resolveAfterSeconds: 1800,
  batchSize: 100,
} as const;

/**
 * How long a payment row must have gone untouched before the sweep presumes it has no live job.
 * Queues cannot be asked whether a message is still queued; but every attempt touches the row,
 * and a job never waits longer than its next delay: none for a job never attempted (only its
 * first delivery can be pending), the longest retry delay otherwise (src/payments/retry-policy.ts).
 */
export function stalledSeconds(attempts: number): number {
  return (attempts === 0 ? 0 : LONGEST_PENDING_RETRY_SECONDS) + RECONCILE_POLICY.deliverySlackSeconds;
}
