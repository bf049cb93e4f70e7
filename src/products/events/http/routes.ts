import { createRoute } from "@hono/zod-openapi";
import type { App } from "../../../api/context";
import { matchesIfNoneMatch, pageEtag } from "../../../api/etag";
import type { IsolateState } from "../../../api/isolate-state";
import { access } from "../../../api/middleware/access";
import { rateLimit } from "../../../api/middleware/rate-limit";
import { pageLinks, searchCacheControl } from "../../../api/page";
import { ProblemError } from "../../../api/problem";
import { problemResponses, searchPageResponses } from "../../../api/schemas";
import { validationHookWith } from "../../../api/validation-hook";
import { loadEventDetails } from "../details";
import { isEventId } from "../id";
import { buildEventSearchDeps } from "../search/deps";
import { createEventsIsolate, type EventsIsolate } from "../search/isolate";
import { searchEvents } from "../search/search-events";
import { presentCard, presentEvent, presentSearchMeta } from "./presenters";
import { EVENT_SEARCH_FIELD_CODES, EventIdParam, EventSchema, EventSearchQuery, EventSearchResponse } from "./schemas";
import { registerTicketRoutes } from "./ticket-routes";

const searchRoute = createRoute({
  method: "get",
  path: "/v1/events/search",
  operationId: "searchEvents",
  tags: ["events"],
  middleware: [rateLimit("search"), access.open("search")] as const,
  summary: "Events in a city over a range of dates",
  description:
    "Concerts, theatre, sport, tours and shared-table dinners over up to 31 local dates, filtered by category and text " +
    "(name, performers, venue), sorted by date, price or popularity. Each day is cached on its own (memory, KV, Redis); " +
    "`meta` gives the oldest `as_of` and the slowest tier among the entries combined.",
  request: { query: EventSearchQuery },
  responses: {
    ...searchPageResponses("Events, one page", EventSearchResponse),
    ...problemResponses(503),
  },
});

const detailsRoute = createRoute({
  method: "get",
  path: "/v1/events/{id}",
  operationId: "getEvent",
  tags: ["events"],
  middleware: [rateLimit("search"), access.open("search")] as const,
  summary: "One event with its venue and ticket tiers (remaining counts are advisory)",
  request: { params: EventIdParam },
  responses: {
    200: { description: "The event", content: { "application/json": { schema: EventSchema } } },
    ...problemResponses(404),
  },
});

/** The events product's public routes; `isolate` is the engine's per-isolate state. */
export function registerEventRoutes(app: App, isolate: IsolateState): void {
  const events: EventsIsolate = createEventsIsolate(isolate);
  // Before /v1/events/{id}: that route would answer EVENT_NOT_FOUND for "ticket-keys".
  registerTicketRoutes(app);

  app.openapi(
    searchRoute,
    async (c) => {
      const { category, ...query } = c.req.valid("query");
      const input = { ...query, ...(category ? { categories: category } : {}) };
      const { services, timing } = c.var;
      // A range search reads many entries: Server-Timing gets one line per tier, not one per day.
      const steps = timing.perTier();
      const result = await searchEvents({ deps: buildEventSearchDeps(services, isolate, events, steps.onStep), input });
      steps.flush();
      if (!result.ok) throw new ProblemError(result.error);
      const { freshness } = result.value;
      c.set("cacheTier", freshness.servedBy);
      const data = JSON.stringify(result.value.events.map(presentCard));
      const etag = await pageEtag(data, result.value.total, result.value.nextCursor);
      c.header("ETag", etag);
      c.header("Cache-Control", searchCacheControl(freshness));
      c.header("Server-Timing", timing.header());
      if (matchesIfNoneMatch(c.req.header("if-none-match"), etag)) return c.body(null, 304);
      const meta = JSON.stringify(presentSearchMeta(result.value));
      const links = JSON.stringify(pageLinks(result.value.nextCursor, new URL(c.req.url)));
      // Same shape as EventSearchResponse (the tests read it back), written around the serialised page.
      return c.body(`{"data":${data},"meta":${meta},"links":${links}}`, 200, { "content-type": "application/json" });
    },
    validationHookWith(EVENT_SEARCH_FIELD_CODES),
  );

  app.openapi(detailsRoute, async (c) => {
    const { services } = c.var;
    const { id } = c.req.valid("param");
    // Not an event id: no query can find it.
    const wellFormed = isEventId(id);
    const found = wellFormed ? await loadEventDetails(services.db, id) : null;
    if (!found) throw ProblemError.of("EVENT_NOT_FOUND", `No event has the id '${id}'.`);
    c.header("Cache-Control", "public, max-age=15");
    return c.json(presentEvent(found, services.clock.now()), 200);
  });
}
