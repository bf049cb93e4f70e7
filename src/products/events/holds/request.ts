import { z } from "@hono/zod-openapi";
import type { HoldView } from "../../../inventory/contract";
import { ok } from "../../../lib/result";
import type { EngineHoldRequest, ProductHolds } from "../../module";
import { EVENT_ID_PATTERN, EVENT_ID_RULE, TIER_ID_RULE } from "../id";
import { TIER_ID_PATTERN } from "../model";

/**
 * The ceiling on tickets in one order, whatever a tier allows: a tier's `max_per_order` may not
 * exceed it (operator verbs check), so a body above it is refused before any object is woken.
 * The tier's own limit is the object's to enforce (ORDER_LIMIT_EXCEEDED), because an operator may
 * change it at any time.
 */
export const MAX_TICKETS_PER_ORDER = 20;

/** `POST /v1/holds` for an event: one tier, a quantity. Unknown members are refused (strict). */
export const EventHoldRequest = z
  .object({
    event_id: z.string().regex(EVENT_ID_PATTERN, EVENT_ID_RULE).openapi({ example: "evt_0a1b2c3d4e5f6g" }),
    tier_id: z.string().regex(TIER_ID_PATTERN, TIER_ID_RULE).openapi({ example: "tier_ga" }),
    quantity: z.number().int().min(1).max(MAX_TICKETS_PER_ORDER).openapi({ example: 2 }),
  })
  .strict()
  .openapi("PlaceEventHold");

export type EventHoldBody = z.infer<typeof EventHoldRequest>;

/** One hold on the event's object, one line on the tier's pool. A tier of another event is the object's TIER_NOT_FOUND. */
export function eventHoldTarget(body: EventHoldBody): EngineHoldRequest {
  return { unitId: body.event_id, lines: [{ pool: body.tier_id, quantity: body.quantity }] };
}

/** The events members of the Hold response, beside the engine's generic template. */
export const EventHoldFields = {
  event_id: z.string().optional().openapi({ description: "Events: the event" }),
  tier_id: z.string().optional().openapi({ description: "Events: the ticket tier" }),
  quantity: z.number().int().optional().openapi({ description: "Events: tickets held" }),
};

export function presentEventHold(hold: Pick<HoldView, "unitId" | "lines">) {
  const line = hold.lines[0];
  return {
    event_id: hold.unitId,
    ...(line ? { tier_id: line.pool, quantity: line.quantity } : {}),
  };
}

/**
 * POST /v1/holds for tickets: `{ event_id, tier_id, quantity }` becomes one line of `quantity`
 * tickets on the tier's pool of the event's object. The object words its refusals in the
 * product's codes (EVENT_NOT_FOUND, TIER_NOT_FOUND, INSUFFICIENT_TICKETS...).
 */
export const eventHolds: ProductHolds<EventHoldBody> = {
  requestSchema: EventHoldRequest,
  toRequest: (body) => ok(eventHoldTarget(body)),
  responseFields: EventHoldFields,
  present: presentEventHold,
};
