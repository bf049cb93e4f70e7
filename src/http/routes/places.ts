import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../api/context";
import { access } from "../../api/middleware/access";
import { queryInteger } from "../../api/schemas";
import { type Suggestion, suggestPlaces } from "../../places/catalog";

const PlacesQuery = z.object({
  q: z.string().trim().min(1).max(64).openapi({
    description: "Start of a code, city name or place name; accents and case are ignored.",
    example: "zur",
  }),
  limit: queryInteger({ min: 1, max: 50 }).default(10).openapi({ example: 10, default: 10 }),
});

const PlaceSuggestion = z
  .object({
    code: z.string().openapi({ description: "City code (the whole city) or airport/station code", example: "LON" }),
    type: z.enum(["city", "place"]),
    name: z.string(),
    kind: z.enum(["airport", "rail", "bus", "ferry"]).optional(),
    city_code: z.string(),
    city_name: z.string(),
    country: z.string().openapi({ description: "ISO 3166-1 alpha-2" }),
    lat: z.number().optional(),
    lon: z.number().optional(),
    timezone: z.string().openapi({ description: "IANA time zone", example: "Europe/London" }),
  })
  .openapi("PlaceSuggestion");

const PlacesResponse = z
  .object({ data: z.array(PlaceSuggestion), meta: z.object({ count: z.number().int() }) })
  .openapi("PlaceSuggestions");

const route = createRoute({
  middleware: [access.open("search")] as const,
  method: "get",
  path: "/v1/places",
  operationId: "suggestPlaces",
  tags: ["places"],
  summary: "Autocomplete airports, stations and cities",
  description:
    "Prefix match on codes, city names and place names. A city with several places comes first, then its places. " +
    "Use a city code to search every airport and station of that city.",
  request: { query: PlacesQuery },
  responses: {
    200: { description: "Matches, best first", content: { "application/json": { schema: PlacesResponse } } },
  },
});

type PlaceSuggestionBody = z.infer<typeof PlaceSuggestion>;

function toBody(s: Suggestion): PlaceSuggestionBody {
  const base = { code: s.code, type: s.type, name: s.name };
  const city = { city_code: s.cityCode, city_name: s.cityName, country: s.country, timezone: s.timezone };
  if (s.type === "city") return { ...base, ...city };
  return { ...base, kind: s.kind, ...city, lat: s.lat, lon: s.lon };
}

export function registerPlaceRoutes(app: App): void {
  app.openapi(route, (c) => {
    const { q, limit } = c.req.valid("query");
    const data = suggestPlaces(q, limit).map(toBody);
    // The catalogue ships with the code: answers change only on deploy.
    c.header("Cache-Control", "public, max-age=3600");
    return c.json({ data, meta: { count: data.length } }, 200);
  });
}
