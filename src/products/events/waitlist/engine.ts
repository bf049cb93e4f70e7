import type { Database } from "../../../db/client";
import type { AppEnv } from "../../../env";
import { newHoldId, unitOfHold } from "../../../holds/hold-id";
import { inventoryStub } from "../../../inventory/stub";
import type { Logger } from "../../../lib/logger";
import { err, ok } from "../../../lib/result";
import { enqueueOutboxEmails, prepareOutboxEmailQuery } from "../../../notifications/outbox";
import { isEventId } from "../id";
import type { WaitlistDeps, WaitlistEmail } from "./deps";

/**
 * The waitlist's engine parts on the real engine: the event's inventory object (one per event,
 * which alone decides who gets tickets) and the email outbox (a `product_notice`, written then
 * queued; the outbox sweep re-queues one whose queue message was lost).
 */
export function waitlistEngine(
  env: Pick<AppEnv, "INVENTORY" | "EMAIL_JOBS">,
  db: Database,
  log: Logger,
  now: () => number,
): Omit<WaitlistDeps, "db" | "now"> {
  return {
    availability: async (eventId) => {
      const rows = await inventoryStub(env, eventId).availability();
      return rows.length === 0 ? null : rows;
    },
    placeHold: async (input) => {
      const held = await inventoryStub(env, input.unitId).placeHold({ ...input, holdId: newHoldId(input.unitId) });
      return held.ok ? ok({ holdId: held.value.holdId, expiresAt: held.value.expiresAt }) : held;
    },
    releaseHold: (holdId, reason) => {
      const unitId = unitOfHold(holdId, isEventId);
      return unitId
        ? inventoryStub(env, unitId).releaseHold(holdId, reason)
        : Promise.resolve(err("HOLD_NOT_FOUND", `No hold ${holdId}.`));
    },
    enqueueEmail: async (email: WaitlistEmail) => {
      const { outboxId, query } = prepareOutboxEmailQuery(db, {
        bookingId: null,
        to: email.to,
        dedupeKey: email.dedupeKey,
        template: { kind: "product_notice", data: { subject: email.subject, paragraphs: paragraphs(email.text) } },
        now: now(),
      });
      await query;
      await enqueueOutboxEmails(env.EMAIL_JOBS, [outboxId], log);
    },
  };
}

const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
