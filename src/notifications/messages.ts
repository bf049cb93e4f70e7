import { z } from "zod";
import { QUEUES } from "../config";
import { QUEUE_ROUTES } from "../queues";
import { backoffSeconds } from "./backoff";

/**
 * EMAIL_JOBS message bodies. Versioned so a deploy can change the shape while old messages
 * are still in flight: a consumer accepts every version it knows and dead-letters the rest.
 */
export const EmailJobSchema = z.object({
  v: z.literal(1),
  type: z.literal("deliver"),
  outboxId: z.string().min(1).max(64),
});

export type EmailJob = z.infer<typeof EmailJobSchema>;

export const emailJob = (outboxId: string): EmailJob => ({ v: 1, type: "deliver", outboxId });

/** How long a pending row may wait for its first delivery before the sweep re-enqueues it. */
export const OUTBOX_SWEEP_AGE_SECONDS = 60;

/**
 * How long after its last attempt a pending row is presumed to have lost its retry (a restart
 * empties a local queue; in production a message can be lost too): the longest delay a retry
 * can still be waiting (the one asked after delivery max_retries, 480 s) plus delivery slack.
 */
export const OUTBOX_RETRY_LOST_AFTER_SECONDS = backoffSeconds(QUEUE_ROUTES[QUEUES.emailJobs].maxRetries) + 120;
