import { z } from "@hono/zod-openapi";
import { MAX_TICKETS_PER_ORDER } from "../holds/request";
import { TIER_ID_RULE } from "../id";
import { TIER_ID_PATTERN } from "../model";

const reason = z.string().trim().min(1).max(500).openapi({ description: "Why: kept in the object's ledger" });
const tierId = z.string().regex(TIER_ID_PATTERN, TIER_ID_RULE).openapi({ example: "tier_ga" });
const epochSeconds = z.number().int().min(0).max(4_102_444_800);
const windowBound = (what: string) =>
  epochSeconds
    .nullable()
    .optional()
    .openapi({
      description: `Epoch seconds; null: the event's ${what}. Inside the event's window.`,
    });

export const TierChangesBody = z
  .object({
    reason,
    tiers: z
      .array(
        z
          .object({
            id: tierId,
            capacity: z.number().int().min(1).max(1_000_000).optional(),
            price_minor: z.number().int().min(0).max(100_000_000).optional(),
            sales_open_at: windowBound("opening"),
            sales_close_at: windowBound("close"),
          })
          .strict(),
      )
      .min(1)
      .max(50),
  })
  .strict()
  .openapi("EventTierChanges");

export const NewTierBody = z
  .object({
    reason,
    tier: z
      .object({
        id: tierId,
        name: z.string().trim().min(1).max(80),
        capacity: z.number().int().min(1).max(1_000_000),
        price_minor: z.number().int().min(0).max(100_000_000),
        max_per_order: z.number().int().min(1).max(MAX_TICKETS_PER_ORDER),
        sales_open_at: windowBound("opening"),
        sales_close_at: windowBound("close"),
        refund_policy: z
          .array(
            z
              .object({
                hours_before: z.number().int().min(0).max(8760),
                refund_bps: z.number().int().min(1).max(10_000),
              })
              .strict(),
          )
          .max(5)
          .openapi({ description: "Refund steps before the start; [] is not refundable" }),
      })
      .strict(),
  })
  .strict()
  .openapi("NewEventTier");

export const CancelEventBody = z.object({ reason }).strict().openapi("CancelEvent");

export const WaitlistJoinBody = z
  .object({
    tier_id: tierId,
    quantity: z.number().int().min(1).max(MAX_TICKETS_PER_ORDER),
    email: z.email().max(254),
    name: z.string().trim().min(1).max(100),
  })
  .strict()
  .openapi("JoinWaitlist");

export const WaitlistEntrySchema = z
  .object({
    id: z.string(),
    event_id: z.string(),
    tier_id: z.string(),
    quantity: z.number().int(),
    status: z.string().openapi({ description: "waiting, offering, offered, booked, expired, left, cancelled" }),
    position: z.number().int().openapi({ description: "1 = first in line; 0 once no longer waiting" }),
    leave_token: z.string().optional().openapi({ description: "Only when the entry is created; also sent by email" }),
  })
  .openapi("WaitlistEntry");

export const WaitlistEntryParams = z.object({
  id: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: "id", in: "path" } }),
  entry_id: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: "entry_id", in: "path" } }),
});

export const WaitlistTokenHeader = z.object({
  "waitlist-token": z.string().min(1).max(200).openapi({ description: "The leave_token given at joining" }),
});
