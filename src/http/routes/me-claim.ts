import { createRoute, z } from "@hono/zod-openapi";
import { spendClaimAttempt } from "../../accounts/attempts";
import { confirmClaimLink, requestClaimLink } from "../../accounts/claim-by-email";
import { ACCOUNT_POLICY } from "../../accounts/policy";
import type { App } from "../../api/context";
import { access, signedInSession } from "../../api/middleware/access";
import { idempotency } from "../../api/middleware/idempotency";
import { rateLimit } from "../../api/middleware/rate-limit";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import { bookingDetails } from "../../bookings/lookup";
import { enqueueOutboxEmails } from "../../notifications/outbox";
import { BookingSchema, toBookingBody } from "../schemas/bookings";
import { authFailed } from "./auth";
import { confirmPage } from "./auth-confirm-page";

const { requests, windowSeconds } = ACCOUNT_POLICY.signInAttempts;

const RequestBody = z
  .object({
    reference: z.string().min(1).max(32).openapi({ example: "K7M4QX" }),
    email: z.email().max(254).openapi({ description: "The contact address the booking was made with" }),
  })
  .openapi("ClaimLinkRequest");

const requestRoute = createRoute({
  method: "post",
  path: "/v1/me/bookings/claim-link",
  operationId: "requestClaimLink",
  tags: ["accounts"],
  summary: "Email a link to a guest booking's contact address to add the booking to the account",
  description:
    "When `reference` and `email` match a guest booking, a single-use link (15 minutes) goes to that address; " +
    "followed while signed in as this account, it claims the booking. The answer is the same 202 whether or not " +
    `they match. ${requests} requests per ${windowSeconds / 60} minutes per network, per account and per address. ` +
    "`POST /v1/me/bookings/claim` (with the owner token) claims at once.",
  middleware: [rateLimit("write"), access.signedIn(), idempotency()] as const,
  request: { body: { required: true, content: { "application/json": { schema: RequestBody } } } },
  responses: {
    202: {
      description: "If the reference and address match a guest booking, a link is on its way to the address",
      content: { "application/json": { schema: z.object({ data: z.object({ status: z.literal("sent") }) }) } },
    },
    ...problemResponses(429),
  },
});

const pageRoute = createRoute({
  method: "get",
  path: "/v1/auth/claim-link",
  operationId: "confirmClaimLinkPage",
  tags: ["accounts"],
  summary: "The page the emailed claim link opens: one button that claims (the GET itself consumes nothing)",
  middleware: [rateLimit("lookup"), access.open(null)] as const,
  request: { query: z.object({ token: z.string().max(64).optional() }) },
  responses: { 200: { description: "A confirm page", content: { "text/html": { schema: z.string() } } } },
});

const confirmRoute = createRoute({
  method: "post",
  path: "/v1/me/bookings/claim-link/confirm",
  operationId: "confirmClaimLink",
  tags: ["accounts"],
  summary: "Use a claim link's token: the booking becomes the account's",
  description:
    "Only the account that asked for the link may use it, once, within 15 minutes: anything else is 400 " +
    "`CLAIM_LINK_INVALID`. A booking another account claimed meanwhile: 409 `BOOKING_ALREADY_CLAIMED`.",
  middleware: [rateLimit("write"), access.signedIn(), idempotency()] as const,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ token: z.string().max(64) }).openapi("ClaimLinkConfirm") } },
    },
  },
  responses: {
    200: {
      description: "The booking, now the account's",
      content: { "application/json": { schema: BookingSchema } },
    },
    ...problemResponses(400, 404, 409),
  },
});

export function registerMeClaimRoutes(app: App): void {
  app.openapi(requestRoute, async (c) => {
    const session = await signedInSession(c);
    const { services } = c.var;
    const { reference, email } = c.req.valid("json");
    const now = services.clock.now();
    const spent = await spendClaimAttempt({
      deps: { db: services.db, now },
      input: { network: c.var.caller.ip, accountId: session.accountId, email: email.trim().toLowerCase() },
    });
    if (!spent.allowed) {
      throw new ProblemError(
        {
          code: "RATE_LIMITED",
          detail: `Too many claim requests: the budget is ${requests} per ${windowSeconds} s per network, account and address. Retry in ${spent.retryAfter} s.`,
          extra: { policy: "claim_link", retry_after: spent.retryAfter },
        },
        { "Retry-After": String(spent.retryAfter) },
      );
    }
    const { sent } = await requestClaimLink({
      deps: {
        db: services.db,
        now,
        enqueueEmails: (ids) => enqueueOutboxEmails(services.env.EMAIL_JOBS, ids, services.log),
      },
      input: {
        accountId: session.accountId,
        reference,
        email,
        linkBase: new URL("/v1/auth/claim-link", c.req.url).href,
      },
    });
    // Logged for operators only (account id, never the address or the reference): the answer is the same.
    services.log.info("claim_link_requested", { account_id: session.accountId, sent });
    return c.json({ data: { status: "sent" as const } }, 202);
  });

  app.openapi(pageRoute, (c) => {
    c.header("Cache-Control", "no-store");
    return c.html(confirmPage(c.req.valid("query").token ?? "", "claim"), 200);
  });

  app.openapi(confirmRoute, async (c) => {
    const session = await signedInSession(c);
    const { db, clock, log } = c.var.services;
    const claimed = await confirmClaimLink({
      deps: { db, now: clock.now() },
      input: { accountId: session.accountId, token: c.req.valid("json").token },
    });
    if (!claimed.ok) {
      if (claimed.error.code === "CLAIM_LINK_INVALID") await authFailed(c, "claim_link");
      throw new ProblemError(claimed.error);
    }
    log.info("booking_claimed", { booking_id: claimed.value.id, account_id: session.accountId, by: "email" });
    c.header("Cache-Control", "no-store");
    return c.json(toBookingBody(await bookingDetails({ db }, claimed.value)), 200);
  });
}
