import { BINDINGS, QUEUES } from "./config";
import type { AppEnv } from "./env";

/**
 * How each work queue is wired: which producer binding sends to it (for replays), which
 * dead-letter queue catches what it gives up on, and after how many retries. wrangler.toml
 * repeats the last two; test/config-drift.test.ts keeps them equal.
 */
export const QUEUE_ROUTES = {
  [QUEUES.paymentJobs]: {
    producer: BINDINGS.paymentJobs,
    deadLetterQueue: QUEUES.paymentDeadLetters,
    maxRetries: 5,
  },
  [QUEUES.emailJobs]: {
    producer: BINDINGS.emailJobs,
    deadLetterQueue: QUEUES.emailDeadLetters,
    maxRetries: 5,
  },
  [QUEUES.accountJobs]: {
    producer: BINDINGS.accountJobs,
    deadLetterQueue: QUEUES.accountDeadLetters,
    maxRetries: 5,
    /** The erasure job's address for the "it is done" email: never stored with a dead letter. */
    personalFields: ["notify"],
  },
} as const;

/**
 * A message body as it may be stored (a dead letter): the queue's personal fields set to null.
 * A replay of it still does the work, without what needed the personal value.
 */
export function storableBody(queue: WorkQueue, body: unknown): unknown {
  const route = QUEUE_ROUTES[queue];
  const personal: readonly string[] = "personalFields" in route ? route.personalFields : [];
  if (personal.length === 0 || !body || typeof body !== "object" || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const field of personal) if (field in copy) copy[field] = null;
  return copy;
}

export type WorkQueue = keyof typeof QUEUE_ROUTES;
export const WORK_QUEUES = Object.keys(QUEUE_ROUTES) as [WorkQueue, ...WorkQueue[]];

/** The work queue a dead-letter queue belongs to, or null if `name` is not a dead-letter queue. */
export function originOf(deadLetterQueue: string): WorkQueue | null {
  for (const queue of WORK_QUEUES) {
    if (QUEUE_ROUTES[queue].deadLetterQueue === deadLetterQueue) return queue;
  }
  return null;
}

export function isWorkQueue(name: string): name is WorkQueue {
  return Object.hasOwn(QUEUE_ROUTES, name);
}

/** The producer binding that sends to a work queue: where a replay goes. */
export function producerFor(env: AppEnv, queue: WorkQueue): Queue {
  return env[QUEUE_ROUTES[queue].producer];
}
