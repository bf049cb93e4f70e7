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
import { buildStaySearchDeps, createStaysIsolate } from "../search/deps";
import { searchStays } from "../search/search-stays";
import type { StaySearchInput } from "../search/types";
import { presentStayMeta, presentStayResult } from "./presenters/search";
import { STAY_SEARCH_FIELD_CODES, StaySearchQuerySchema, StaySearchResponseSchema } from "./schemas/search";

const route = createRoute({
  method: "get",
  path: "/v1/stays/search",
  operationId: "searchStays",
  tags: ["stays"],
  middleware: [rateLimit("search"), access.open("search")] as const,
  summary: "Search properties with rooms for a stay in a city",
  description:
    "Each night of the stay is a cached city-night (memory, KV, Redis, or D1); a room type is offered only if " +
    "every night has enough rooms and the stay meets its rules. `meta` says which tier answered and how old the oldest night is.",
  request: { query: StaySearchQuerySchema },
  responses: {
    ...searchPageResponses("Properties, one page", StaySearchResponseSchema),
    ...problemResponses(503),
  },
});

export function registerStaySearchRoute(app: App, isolate: IsolateState): void {
  const stays = createStaysIsolate(isolate);
  app.openapi(
    route,
    async (c) => {
      const q = c.req.valid("query");
      const input: StaySearchInput = {
        place: q.place,
        checkIn: q.check_in,
        checkOut: q.check_out,
        rooms: q.rooms,
        adults: q.adults,
        children: q.children,
        pricePer: q.price_per,
        sort: q.sort,
        limit: q.limit,
        ...(q.price_min === undefined ? {} : { priceMin: q.price_min }),
        ...(q.price_max === undefined ? {} : { priceMax: q.price_max }),
        ...(q.stars ? { stars: q.stars } : {}),
        ...(q.amenities ? { amenities: q.amenities } : {}),
        ...(q.property_types ? { propertyTypes: q.property_types } : {}),
        ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
      };
      const { services, timing } = c.var;
      // A stay reads one entry per night: Server-Timing gets one line per tier, not one per night.
      const steps = timing.perTier();
      const result = await searchStays({ deps: buildStaySearchDeps(services, isolate, stays, steps.onStep), input });
      steps.flush();
      if (!result.ok) throw new ProblemError(result.error);

      const { freshness, nights } = result.value;
      c.set("cacheTier", freshness.servedBy);
      const stay = { checkIn: input.checkIn, nights, rooms: input.rooms };
      // A memoised page (StayPageMemo) is rendered once: the hot path then only writes `meta` around it.
      let rendered = stays.rendered.get(result.value.offers);
      if (!rendered) {
        const json = JSON.stringify(result.value.offers.map((o) => presentStayResult(o, stay)));
        rendered = { json, etag: await pageEtag(json, result.value.total, result.value.nextCursor) };
        stays.rendered.set(result.value.offers, rendered);
      }
      const { json: data, etag } = rendered;
      c.header("ETag", etag);
      c.header("Cache-Control", searchCacheControl(freshness));
      c.header("Server-Timing", timing.header());
      if (matchesIfNoneMatch(c.req.header("if-none-match"), etag)) return c.body(null, 304);
      const party = { rooms: input.rooms, adults: input.adults, children: input.children };
      const meta = JSON.stringify(presentStayMeta(result.value, party));
      const links = JSON.stringify(pageLinks(result.value.nextCursor, new URL(c.req.url)));
      // Same shape as StaySearchResponseSchema (test/stays/search.test.ts parses it with the schema).
      return c.body(`{"data":${data},"meta":${meta},"links":${links}}`, 200, { "content-type": "application/json" });
    },
    validationHookWith(STAY_SEARCH_FIELD_CODES),
  );
}
