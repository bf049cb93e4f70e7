import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { App, HttpEnv } from "../../../api/context";
import { access } from "../../../api/middleware/access";
import { idempotency } from "../../../api/middleware/idempotency";
import { rateLimit } from "../../../api/middleware/rate-limit";
import { principalOf } from "../../../api/principal";
import { ProblemError } from "../../../api/problem";
import { problemResponses } from "../../../api/schemas";
import { bearerToken, hashOwnerToken } from "../../../bookings/owner-token";
import { isEventId } from "../id";
import { checkInTicket } from "../tickets/check-in";
import { ticketJwks, ticketSigner } from "../tickets/keys";
import { ticketsOfBooking } from "../tickets/of-booking";
import { type TicketOwner, ticketForOwner } from "../tickets/owner";
import { qrSvg } from "../tickets/qr";
import {
  AdmissionSchema,
  BookingReferenceParam,
  CheckInBody,
  CheckInParams,
  TicketIdParam,
  TicketJwksSchema,
  TicketListSchema,
} from "./ticket-schemas";

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
  // The event's organiser runs its doors; an admin may too.
  middleware: [rateLimit("door"), access.inventory((c) => [c.req.param("event_id") ?? ""]), idempotency()] as const,
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

const OWNER_OR_SESSION: Record<string, string[]>[] = [{ ownerToken: [] }, { session: [] }, { sessionToken: [] }];

const qrRoute = createRoute({
  method: "get",
  path: "/v1/events/tickets/{id}/qr.svg",
  operationId: "getTicketQr",
  tags: ["events"],
  summary: "A ticket's QR image (SVG), for its booking's owner",
  description:
    "Send the booking's `Authorization: Bearer <owner_token>`, or be signed in with the booking's contact address. " +
    "A ticket of another booking answers 404 like an unknown one.",
  security: OWNER_OR_SESSION,
  middleware: [rateLimit("lookup"), access.open("book")] as const,
  request: { params: TicketIdParam },
  responses: {
    200: { description: "The QR image of the ticket's code", content: { "image/svg+xml": { schema: z.string() } } },
    ...problemResponses(401, 404, 409),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/v1/events/bookings/{reference}/tickets",
  operationId: "listBookingTickets",
  tags: ["events"],
  summary: "A booking's event tickets (codes and QR images), for its owner",
  description:
    "Send the booking's `Authorization: Bearer <owner_token>`, or be signed in with the booking's contact address. " +
    "Tickets are issued when the booking is confirmed (the confirmation email carries the same codes); a cancelled " +
    "item's tickets are listed as `void`. Another's booking answers 404 like an unknown one.",
  security: OWNER_OR_SESSION,
  middleware: [rateLimit("lookup"), access.open("book")] as const,
  request: { params: BookingReferenceParam },
  responses: {
    200: { description: "The booking's tickets", content: { "application/json": { schema: TicketListSchema } } },
    ...problemResponses(401, 404, 503),
  },
});

/** Who asks: the owner token first (it is not a session), else a session's proven address. */
async function ticketOwner(c: Context<HttpEnv>): Promise<TicketOwner> {
  // The booking's owner token, read and hashed exactly as the bookings engine stores it.
  const token = bearerToken(c.req.header("authorization"));
  if (token) return { ownerTokenHash: await hashOwnerToken(token) };
  const principal = await principalOf(c);
  if (principal.kind === "session") return { email: principal.session.email };
  throw ProblemError.of(
    "UNAUTHENTICATED",
    "Send the booking's owner token as Authorization: Bearer <owner_token>, or sign in with the booking's address.",
  );
}

/** Tickets: the public key set, a ticket's QR image for its owner, and the door's check-in. */
export function registerTicketRoutes(app: App): void {
  app.openapi(qrRoute, async (c) => {
    const { id } = c.req.valid("param");
    const owner = await ticketOwner(c);
    const found = await ticketForOwner({ deps: c.var.services, input: { ticketId: id, owner } });
    if (!found.ok) throw new ProblemError(found.error);
    c.header("cache-control", "private, max-age=3600");
    return c.body(qrSvg(found.value.code), 200, { "content-type": "image/svg+xml" });
  });

  app.openapi(listRoute, async (c) => {
    const { services } = c.var;
    const { reference } = c.req.valid("param");
    const owner = await ticketOwner(c);
    const found = await ticketsOfBooking({
      deps: { db: services.db, signer: () => ticketSigner(c.env), now: () => services.clock.now() },
      input: { reference, owner },
    });
    if (!found.ok) throw new ProblemError(found.error);
    c.header("cache-control", "private, no-store");
    const data = found.value.map((t) => ({
      id: t.id,
      event_id: t.eventId,
      tier_id: t.tierId,
      position: t.position,
      status: t.status,
      code: t.code,
      holder_initials: t.holderInitials,
      qr_svg: `/v1/events/tickets/${t.id}/qr.svg`,
    }));
    return c.json({ data }, 200);
  });

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
