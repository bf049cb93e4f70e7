import { createRoute, z } from "@hono/zod-openapi";
import { listMyTrips, MY_TRIPS } from "../../accounts/my-trips";
import type { App } from "../../api/context";
import { access, signedInSession } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { pageLinks } from "../../api/page";
import { valueOrProblem } from "../../api/problem";
import { PageLinksSchema, problemResponses, queryInteger } from "../../api/schemas";
import { tripStub } from "../../trips/stub";
import { TripSchema, toTripBody } from "../schemas/trips";

const list = createRoute({
  method: "get",
  path: "/v1/me/trips",
  operationId: "listMyTrips",
  tags: ["accounts"],
  summary: "The signed-in traveller's trips, newest first, each with its items and status",
  description:
    "Trips created with `POST /v1/trips` while signed in (session cookie or bearer token), as `GET /v1/trips/{id}` " +
    "answers each now: held, booked (with `booking_id`), released or expired. A trip is listed while its " +
    `coordinator keeps it (7 days after it ended). \`limit\` 1–${MY_TRIPS.maxLimit} (10).`,
  middleware: [rateLimit("lookup"), access.signedIn()] as const,
  request: {
    query: z.object({
      limit: queryInteger({ min: 1, max: MY_TRIPS.maxLimit }).optional(),
      cursor: z.string().max(512).optional().openapi({ description: "`links.next` of the previous page" }),
    }),
  },
  responses: {
    200: {
      description: "A page of trips",
      content: { "application/json": { schema: z.object({ data: z.array(TripSchema), links: PageLinksSchema }) } },
    },
    ...problemResponses(503),
  },
});

export function registerMeTripRoutes(app: App): void {
  app.openapi(list, async (c) => {
    const session = await signedInSession(c);
    const query = c.req.valid("query");
    const { db, clock, env } = c.var.services;
    const page = valueOrProblem(
      await listMyTrips({
        deps: { db, now: clock.now(), read: (tripId) => tripStub(env, tripId).get() },
        input: { accountId: session.accountId, cursor: query.cursor, limit: query.limit ?? 10 },
      }),
    );
    c.header("Cache-Control", "private, no-store");
    return c.json({ data: page.trips.map(toTripBody), links: pageLinks(page.nextCursor, new URL(c.req.url)) }, 200);
  });
}
