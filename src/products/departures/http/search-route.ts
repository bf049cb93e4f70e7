import { createRoute } from "@hono/zod-openapi";
import type { App } from "../../../api/context";
import { matchesIfNoneMatch } from "../../../api/etag";
import type { IsolateState } from "../../../api/isolate-state";
import { access } from "../../../api/middleware/access";
import { rateLimit } from "../../../api/middleware/rate-limit";
import { pageLinks, searchCacheControl } from "../../../api/page";
import { ProblemError } from "../../../api/problem";
import { problemResponses, searchPageResponses } from "../../../api/schemas";
import { validationHookWith } from "../../../api/validation-hook";
import type { Freshness } from "../../../cache/freshness";
import type { ServedBy } from "../../../cache/tier";
import { createDeparturesIsolate } from "../isolate";
import { buildSearchDeps } from "../search/deps";
import { searchRoundTrip } from "../search/round-trip";
import { searchTrips } from "../search/search-trips";
import { presentMeta } from "./presenters/search";
import { renderPage, renderRoundTrip } from "./presenters/search-page";
import { SEARCH_FIELD_CODES, SearchQuerySchema, SearchResponseSchema } from "./schemas/search";

const route = createRoute({
  method: "get",
  path: "/v1/search",
  operationId: "searchTrips",
  tags: ["search"],
  middleware: [rateLimit("search"), access.open("search")] as const,
  summary: "Search trips between two places or cities on a date, direct or with one connection, one way or return",
  description:
    "Answered from the fastest cache tier that holds the route-day (memory, KV, Redis) or from the origin database. " +
    "`meta` says which tier answered, when the data was read (`as_of`) and the most stale an answer may be (`max_stale_s`). " +
    "With `max_connections=1` (or where nothing direct fits) the list holds itineraries with one connection, built from cached route-days; " +
    "with `return_date`, `return` lists the options back.",
  request: { query: SearchQuerySchema },
  responses: {
    ...searchPageResponses("Offers, one page", SearchResponseSchema),
    ...problemResponses(400, 503),
  },
});

export function registerSearchRoutes(app: App, isolate: IsolateState): void {
  const departures = createDeparturesIsolate(isolate);
  app.openapi(
    route,
    async (c) => {
      const { max_connections, return_date, return_cursor, ...query } = c.req.valid("query");
      const input = max_connections === undefined ? query : { ...query, maxConnections: max_connections };
      const { services, timing } = c.var;
      const onStep = (tier: ServedBy, ms: number, outcome: string) => timing.add(tier, ms, outcome);
      const deps = buildSearchDeps(services, isolate, departures, onStep);
      const url = new URL(c.req.url);
      let answer: { freshness: Freshness; etag: string; body: () => string };
      if (return_date === undefined) {
        const result = await searchTrips({ deps, input });
        if (!result.ok) throw new ProblemError(result.error);
        const found = result.value;
        const rendered = await renderPage(departures.renderedPages, found, input.passengers);
        answer = {
          freshness: found.freshness,
          etag: rendered.etag,
          // Same shape as SearchResponseSchema (test/search.test.ts reads it back), built around cached bytes.
          body: () =>
            `{"data":${rendered.json},"meta":${JSON.stringify(presentMeta(found))},"links":${JSON.stringify(pageLinks(found.nextCursor, url))}}`,
        };
      } else {
        const roundTrip = {
          ...input,
          returnDate: return_date,
          ...(return_cursor ? { returnCursor: return_cursor } : {}),
        };
        const result = await searchRoundTrip({ deps, input: roundTrip });
        if (!result.ok) throw new ProblemError(result.error);
        answer = await renderRoundTrip(
          departures.renderedPages,
          result.value,
          input.passengers,
          url,
          services.clock.now(),
        );
      }

      c.set("cacheTier", answer.freshness.servedBy);
      c.header("ETag", answer.etag);
      c.header("Cache-Control", searchCacheControl(answer.freshness));
      c.header("Server-Timing", timing.header());
      if (matchesIfNoneMatch(c.req.header("if-none-match"), answer.etag)) return c.body(null, 304);
      return c.body(answer.body(), 200, { "content-type": "application/json" });
    },
    validationHookWith(SEARCH_FIELD_CODES),
  );
}
