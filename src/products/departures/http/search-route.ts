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
import type { ServedBy } from "../../../cache/tier";
import { createDeparturesIsolate } from "../isolate";
import { buildSearchDeps } from "../search/deps";
import { searchTrips } from "../search/search-trips";
import { presentMeta } from "./presenters/search";
import { renderPage } from "./presenters/search-page";
import { SEARCH_FIELD_CODES, SearchQuerySchema, SearchResponseSchema } from "./schemas/search";

const route = createRoute({
  method: "get",
  path: "/v1/search",
  operationId: "searchTrips",
  tags: ["search"],
  middleware: [rateLimit("search"), access.open("search")] as const,
  summary: "Search trips between two places or cities on a date",
  description:
    "Answered from the fastest cache tier that holds the route-day (memory, KV, Redis) or from the origin database. " +
    "`meta` says which tier answered, when the data was read (`as_of`) and the most stale an answer may be (`max_stale_s`).",
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
      const input = c.req.valid("query");
      const { services, timing } = c.var;
      const onStep = (tier: ServedBy, ms: number, outcome: string) => timing.add(tier, ms, outcome);
      const deps = buildSearchDeps(services, isolate, departures, onStep);
      const result = await searchTrips({ deps, input });
      if (!result.ok) throw new ProblemError(result.error);

      const { freshness } = result.value;
      c.set("cacheTier", freshness.servedBy);
      const rendered = await renderPage(departures.renderedPages, result.value, input.passengers);
      c.header("ETag", rendered.etag);
      c.header("Cache-Control", searchCacheControl(freshness));
      c.header("Server-Timing", timing.header());
      if (matchesIfNoneMatch(c.req.header("if-none-match"), rendered.etag)) return c.body(null, 304);
      const meta = JSON.stringify(presentMeta(result.value));
      const links = JSON.stringify(pageLinks(result.value.nextCursor, new URL(c.req.url)));
      // Same shape as SearchResponseSchema (test/search.test.ts reads it back), built around cached bytes.
      return c.body(`{"data":${rendered.json},"meta":${meta},"links":${links}}`, 200, {
        "content-type": "application/json",
      });
    },
    validationHookWith(SEARCH_FIELD_CODES),
  );
}
