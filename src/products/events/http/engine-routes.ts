import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../../api/context";
import type { IsolateState } from "../../../api/isolate-state";
import { access } from "../../../api/middleware/access";
import { idempotency } from "../../../api/middleware/idempotency";
import { rateLimit } from "../../../api/middleware/rate-limit";
import { ProblemError } from "../../../api/problem";
import { problemResponses } from "../../../api/schemas";
import type { Services } from "../../../api/services";
import type { OperatorChanges, PoolAvailability } from "../../../inventory/contract";
import type { Result } from "../../../lib/result";
import type { EventDetails } from "../details";
import { isEventId } from "../id";
import { cancelEvent } from "../operator/cancel";
import type { EventOperatorDeps } from "../operator/deps";
import { addTier, changeTiers } from "../operator/tiers";
import { bumpEventCities, eventVersions } from "../search/deps";
import { offerPendingReturnsOf } from "../waitlist/cron";
import type { WaitlistDeps } from "../waitlist/deps";
import { joinWaitlist } from "../waitlist/join";
import { closeWaitlistOfCancelledEvent, leaveWaitlist } from "../waitlist/leave";
import {
  CancelEventBody,
  NewTierBody,
  TierChangesBody,
  WaitlistEntryParams,
  WaitlistEntrySchema,
  WaitlistJoinBody,
  WaitlistTokenHeader,
} from "./operator-schemas";
import { presentEvent } from "./presenters";
import { EventIdParam, EventSchema } from "./schemas";

/**
 * What the events routes that need the engine get from it (the composition root wires it at the
 * merge with the product-neutral engine; tests pass a fake). Nothing here imports the engine.
 */
export interface EventsEngine {
  /** The event's inventory object: one change, one transaction, all or nothing. */
  applyOperatorChanges(
    services: Services,
    unitId: string,
    changes: OperatorChanges,
  ): Promise<Result<PoolAvailability[]>>;
  /** After a cancellation: cancel and refund the event's bookings, in the background. */
  cancelBookingsOfCancelledUnit(services: Services, requestId: string, unitId: string): void;
  /** Holds, availability and the outbox for the waitlist. */
  waitlist(services: Services): Omit<WaitlistDeps, "db" | "now">;
}

/** An admin, or the organiser the event is assigned to (docs/accounts.md). */
const organiserOfEvent = access.inventory((c) => [c.req.param("id") ?? ""]);

const eventResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: EventSchema } },
});

const changeTiersRoute = createRoute({
  method: "patch",
  path: "/v1/admin/events/{id}/tiers",
  operationId: "changeEventTiers",
  tags: ["admin"],
  summary: "Change tiers' capacity, price or sales window (all or nothing)",
  middleware: [rateLimit("write"), organiserOfEvent] as const,
  request: {
    params: EventIdParam,
    body: { required: true, content: { "application/json": { schema: TierChangesBody } } },
  },
  responses: { 200: eventResponse("The event after the change"), ...problemResponses(400, 404, 409) },
});

const addTierRoute = createRoute({
  method: "post",
  path: "/v1/admin/events/{id}/tiers",
  operationId: "addEventTier",
  tags: ["admin"],
  summary: "Add a ticket tier to an event",
  middleware: [rateLimit("write"), organiserOfEvent, idempotency()] as const,
  request: { params: EventIdParam, body: { required: true, content: { "application/json": { schema: NewTierBody } } } },
  responses: { 201: eventResponse("The event with its new tier"), ...problemResponses(400, 404, 409) },
});

const cancelRoute = createRoute({
  method: "post",
  path: "/v1/admin/events/{id}/cancel",
  operationId: "cancelEvent",
  tags: ["admin"],
  summary: "Cancel an event: every booking cancelled and refunded, the waitlist told (repeatable)",
  middleware: [rateLimit("write"), organiserOfEvent, idempotency()] as const,
  request: {
    params: EventIdParam,
    body: { required: true, content: { "application/json": { schema: CancelEventBody } } },
  },
  responses: { 200: eventResponse("The cancelled event"), ...problemResponses(400, 404, 409) },
});

const joinRoute = createRoute({
  method: "post",
  path: "/v1/events/{id}/waitlist",
  operationId: "joinEventWaitlist",
  tags: ["events"],
  summary: "Join a sold-out tier's waitlist (first come, first offered)",
  middleware: [rateLimit("write"), access.open("book"), idempotency()] as const,
  request: {
    params: EventIdParam,
    body: { required: true, content: { "application/json": { schema: WaitlistJoinBody } } },
  },
  responses: {
    201: { description: "On the list", content: { "application/json": { schema: WaitlistEntrySchema } } },
    200: {
      description: "Already on this tier's list with this address",
      content: { "application/json": { schema: WaitlistEntrySchema } },
    },
    ...problemResponses(400, 404, 409),
  },
});

const leaveRoute = createRoute({
  method: "delete",
  path: "/v1/events/{id}/waitlist/{entry_id}",
  operationId: "leaveEventWaitlist",
  tags: ["events"],
  summary: "Leave the waitlist, or decline an offer (its tickets go to the next in line)",
  middleware: [rateLimit("write"), access.open("book")] as const,
  request: { params: WaitlistEntryParams, headers: WaitlistTokenHeader },
  responses: {
    200: {
      description: "Off the list",
      content: { "application/json": { schema: z.object({ id: z.string(), status: z.literal("left") }) } },
    },
    ...problemResponses(400, 404),
  },
});

const notFound = (id: string) => ProblemError.of("EVENT_NOT_FOUND", `No event has the id '${id}'.`);

/**
 * The events routes that need the engine: operator endpoints and the waitlist. Registered by the
 * product's module once the engine supplies `EventsEngine` (one line in index.ts).
 */
export function registerEventEngineRoutes(app: App, isolate: IsolateState, engine: EventsEngine): void {
  const operatorDeps = (services: Services): EventOperatorDeps => {
    const versions = eventVersions(services, isolate);
    return {
      db: services.db,
      applyOperatorChanges: (unitId, changes) => engine.applyOperatorChanges(services, unitId, changes),
      bumpCities: (cities) => bumpEventCities(versions, cities),
      now: () => services.clock.now(),
    };
  };
  const waitlistDeps = (services: Services): WaitlistDeps => ({
    ...engine.waitlist(services),
    db: services.db,
    now: () => services.clock.now(),
  });
  const answer = (result: Result<EventDetails>, services: Services) => {
    if (!result.ok) throw new ProblemError(result.error);
    return presentEvent(result.value, services.clock.now());
  };

  app.openapi(changeTiersRoute, async (c) => {
    const { services } = c.var;
    const { id } = c.req.valid("param");
    if (!isEventId(id)) throw notFound(id);
    const body = c.req.valid("json");
    const tiers = body.tiers.map((t) => ({
      tierId: t.id,
      ...(t.capacity !== undefined ? { capacity: t.capacity } : {}),
      ...(t.price_minor !== undefined ? { priceMinor: t.price_minor } : {}),
      ...(t.sales_open_at !== undefined ? { salesOpenAt: t.sales_open_at } : {}),
      ...(t.sales_close_at !== undefined ? { salesCloseAt: t.sales_close_at } : {}),
    }));
    const result = await changeTiers({
      deps: operatorDeps(services),
      input: { eventId: id, reason: body.reason, tiers },
    });
    const event = answer(result, services);
    // A raised capacity frees tickets: the waitlist's first in line get them now (the cron would
    // within a minute). Lowered or unchanged capacities have nothing pending; they cost one read.
    const raised = body.tiers.filter((t) => t.capacity !== undefined).map((t) => t.id);
    services.waitUntil(
      offerPendingReturnsOf(waitlistDeps(services), { eventId: id, tierIds: raised }).catch((error: unknown) =>
        services.log.error("waitlist_offer_failed", { event_id: id, error: String(error) }),
      ),
    );
    return c.json(event, 200);
  });

  app.openapi(addTierRoute, async (c) => {
    const { services } = c.var;
    const { id } = c.req.valid("param");
    if (!isEventId(id)) throw notFound(id);
    const { reason, tier: t } = c.req.valid("json");
    const tier = {
      tierId: t.id,
      name: t.name,
      capacity: t.capacity,
      priceMinor: t.price_minor,
      maxPerOrder: t.max_per_order,
      salesOpenAt: t.sales_open_at ?? null,
      salesCloseAt: t.sales_close_at ?? null,
      refund: t.refund_policy,
    };
    const result = await addTier({ deps: operatorDeps(services), input: { eventId: id, reason, tier } });
    return c.json(answer(result, services), 201);
  });

  app.openapi(cancelRoute, async (c) => {
    const { services } = c.var;
    const { id } = c.req.valid("param");
    if (!isEventId(id)) throw notFound(id);
    const result = await cancelEvent({
      deps: operatorDeps(services),
      input: { eventId: id, reason: c.req.valid("json").reason },
    });
    const body = answer(result, services);
    // Refunds and the waitlist's emails start now, in the background; a repeat of this call (or
    // the reconcile cron) finishes what this does not.
    engine.cancelBookingsOfCancelledUnit(services, c.var.requestId, id);
    services.waitUntil(closeWaitlistOfCancelledEvent({ deps: waitlistDeps(services), input: { eventId: id } }));
    return c.json(body, 200);
  });

  app.openapi(joinRoute, async (c) => {
    const { services } = c.var;
    const { id } = c.req.valid("param");
    if (!isEventId(id)) throw notFound(id);
    const b = c.req.valid("json");
    const input = { eventId: id, tierId: b.tier_id, quantity: b.quantity, email: b.email, name: b.name };
    const result = await joinWaitlist({ deps: waitlistDeps(services), input });
    if (!result.ok) throw new ProblemError(result.error);
    const p = result.value;
    const entry = {
      id: p.id,
      event_id: p.eventId,
      tier_id: p.tierId,
      quantity: p.quantity,
      status: p.status,
      position: p.position,
      ...(p.leaveToken ? { leave_token: p.leaveToken } : {}),
    };
    return p.created ? c.json(entry, 201) : c.json(entry, 200);
  });

  app.openapi(leaveRoute, async (c) => {
    const { services } = c.var;
    const { id, entry_id } = c.req.valid("param");
    const token = c.req.valid("header")["waitlist-token"];
    const result = await leaveWaitlist({
      deps: waitlistDeps(services),
      input: { eventId: id, entryId: entry_id, token },
    });
    if (!result.ok) throw new ProblemError(result.error);
    return c.json(result.value, 200);
  });
}
