import type { Database } from "../../../db/client";
import type { HoldLineRequest, PoolAttrs, PoolAvailability } from "../../../inventory/contract";
import type { Result } from "../../../lib/result";

/** An email the waitlist sends, written by the product; the engine's outbox delivers it (dedupe key: once). */
export interface WaitlistEmail {
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * What the waitlist needs from the engine, injected (wired at the composition root): it places
 * and releases holds on the event's object, reads the object's availability, and queues emails.
 */
export interface WaitlistDeps {
  db: Database;
  now: () => number;
  /** The event's object's answer; null when the object knows no such event. */
  availability: (eventId: string) => Promise<PoolAvailability[] | null>;
  /** A hold for the waitlister; the engine chooses its id. TTL within the engine's limits. */
  placeHold: (input: {
    unitId: string;
    lines: HoldLineRequest[];
    ttlSeconds: number;
    context: PoolAttrs;
  }) => Promise<Result<{ holdId: string; expiresAt: number }>>;
  releaseHold: (holdId: string, reason: string) => Promise<Result<unknown>>;
  enqueueEmail: (email: WaitlistEmail) => Promise<void>;
}

/**
 * How long an offer lasts: the hold placed for the first in line. The engine's longest hold
 * (HOLD_POLICY.maxTtlSeconds, 30 minutes) bounds it; an offer never outlives the tier's sales.
 */
export const OFFER_TTL_SECONDS = 1800;

/** A claim ('offering') older than this is a crashed offer: the entry is waiting again, in its place. */
export const STALE_CLAIM_MS = 120_000;

/**
 * Live places a tier's list may hold: its capacity, at least 50. Joining costs a client nothing
 * but a rate-limit token, so the list is bounded; a longer line than the tier holds would rarely
 * be reached anyway.
 */
export const waitlistLimit = (capacity: number) => Math.max(50, capacity);
