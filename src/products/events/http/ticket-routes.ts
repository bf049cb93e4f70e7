import { createRoute } from "@hono/zod-openapi";
import type { App } from "../../../api/context";
import { access } from "../../../api/middleware/access";
import { idempotency } from "../../../api/middleware/idempotency";
import { rateLimit } from "../../../api/middleware/rate-limit";
import { ProblemError } from "../../../api/problem";
import { problemResponses } from "../../../api/schemas";
import { isEventId } from "../id";
import { checkInTicket } from "../tickets/check-in";
import { ticketJwks } from "../tickets/keys";
import { AdmissionSchema, CheckInBody, CheckInParams, TicketJwksSchema } from "./ticket-schemas";

const keysRoute = createRoute({
  method: "get",
  path: "/v1/events/ticket-keys",
  operationId: "getTicketKeys",
  tags: ["events"],
  middleware: [rateLimit("search"), access.open(null)] as const,
  summary: "The public keys ticket codes are signed with (JWKS), for door apps that verify offline",
  description:
    "Every key a valid ticket may name by its `kid`: the current signing key first, then retired ones whose tickets " +
    "are still accepted. Door apps fetch it before the doors open and verify codes with `verifyTicketCode`.",
  responses: {
    200: { description: "The key set", content: { "application/json": { schema: TicketJwksSchema } } },
    ...problemResponses(503),
  },
});

const checkInRoute = createRoute({
  method: "post",
  path: "/v1/events/{event_id}/check-ins",
  operationId: "checkInTicket",
  tags: ["events"],
  // Idempotency-Key: a door app that lost the answer to an upload retries it and gets the same 201.
  middleware: [rateLimit("door"), access.role("admin"), idempotency()] as const,
  summary: "Admit a ticket at the door, once",
  description:
    "Verifies the code's signature, that it is for this event and still valid, then admits it once: a second scan, " +
    "even concurrent, answers 409 `TICKET_ALREADY_CHECKED_IN` with when and at which gate it was first scanned. " +
    "Offline door apps upload their scans later with `scanned_at`.",
  request: {
    params: CheckInParams,
    body: { required: true, content: { "application/json": { schema: CheckInBody } } },
  },
  responses: {
    201: { description: "Admitted", content: { "application/json": { schema: AdmissionSchema } } },
    ...problemResponses(400, 404, 409, 503),
  },
});

/** Tickets: the public key set and the door's check-in (operator key until door accounts exist). */
export function registerTicketRoutes(app: App): void {
  app.openapi(keysRoute, (c) => {
    const jwks = ticketJwks(c.env);
    if (jwks.keys.length === 0) throw ProblemError.of("TICKETS_UNAVAILABLE", "No ticket keys are configured.");
    // Door apps refresh before the doors open; a rotation publishes the new key before it signs.
    c.header("Cache-Control", "public, max-age=300");
    return c.json(jwks, 200);
  });

  app.openapi(checkInRoute, async (c) => {
    const { services } = c.var;
    const { event_id: eventId } = c.req.valid("param");
    if (!isEventId(eventId)) throw ProblemError.of("EVENT_NOT_FOUND", `No event has the id '${eventId}'.`);
    const body = c.req.valid("json");
    const result = await checkInTicket({
      deps: { db: services.db, jwks: ticketJwks(c.env), now: () => services.clock.now() },
      input: {
        eventId,
        code: body.code,
        gate: body.gate,
        ...(body.scanned_at ? { scannedAt: Date.parse(body.scanned_at) } : {}),
      },
    });
    if (!result.ok) throw new ProblemError(result.error);
    const { claims, gate, checkedInAt, scannedOffline } = result.value;
    return c.json(
      {
        ticket_id: claims.ticketId,
        event_id: claims.eventId,
        tier_id: claims.tierId,
        booking_reference: claims.bookingReference,
        holder_initials: claims.holderInitials,
        gate,
        checked_in_at: new Date(checkedInAt * 1000).toISOString(),
        scanned_offline: scannedOffline,
      },
      201,
    );
  });
}
