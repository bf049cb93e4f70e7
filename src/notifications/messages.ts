import { z } from "zod";

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
