import { z } from "@hono/zod-openapi";

export const MoneySchema = z
  .object({
    amount_minor: z
      .number()
      .int()
      .openapi({ description: "Integer amount in the currency's minor unit", example: 12900 }),
    currency: z.string().length(3).openapi({ example: "EUR" }),
  })
  .openapi("Money");

/**
 * A registered component (`.openapi("Name")`) that may be null. Not `schema.nullable()`:
 * @hono/zod-openapi 1.6 (zod-to-openapi 9.1) renders that, for OpenAPI 3.1, as
 * `allOf: [{ $ref }, { type: [..., "null"] }]`, which no null passes (null must still match the
 * $ref), so the document refused our own `null`s. A union renders `anyOf: [{ $ref }, { type: "null" }]`.
 * Primitives and enums are unaffected: `.nullable()` gives them `type: [T, "null"]`.
 */
export function nullableRef<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.null()]);
}

/**
 * The answers of every search route: a page with its ETag, Cache-Control and Server-Timing
 * (src/api/page.ts), or 304 when If-None-Match matches.
 */
export function searchPageResponses<S extends z.ZodType>(description: string, schema: S) {
  return {
    200: {
      description,
      content: { "application/json": { schema } },
      headers: {
        ETag: { schema: { type: "string" as const } },
        "Cache-Control": { schema: { type: "string" as const } },
        "Server-Timing": { schema: { type: "string" as const } },
      },
    },
    304: { description: "Not modified (If-None-Match matched)" },
  };
}

/** `links` of every paged answer (pageLinks in src/api/page.ts). */
export const PageLinksSchema = z.object({ self: z.string(), next: z.string().nullable() });

/** The freshness members of every search answer's `meta` (docs/search-and-caching.md). */
export const FreshnessSchema = {
  as_of: z.string().openapi({ description: "When the origin database was read" }),
  tier: z.enum(["memory", "kv", "redis", "origin"]),
  age_s: z.number().int(),
  max_stale_s: z.number().int().openapi({ description: "The most stale an answer may be" }),
  stale: z.boolean().openapi({ description: "Served while a background refresh runs" }),
};

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: "Stable machine-readable error code", example: "UNKNOWN_PLACE" }),
    detail: z.string(),
    instance: z.string().optional(),
    request_id: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .passthrough()
  .openapi("Problem");

/**
 * A whole number in a query string: decimal digits only, then the range. z.coerce.number() also
 * read "0x3", "1e1", "+3", " 3", "3.0" and "" (as 0): many spellings of one value (and of one cache
 * key), and a typo silently taken for another number. Every numeric query parameter uses this.
 */
export function queryInteger(range: { min: number; max: number }) {
  return z
    .string()
    .regex(/^[0-9]+$/, "Use decimal digits only")
    .transform(Number)
    .pipe(z.number().int().min(range.min).max(range.max))
    .openapi({ type: "integer", minimum: range.min, maximum: range.max });
}

export const PROBLEM_DESCRIPTION = "Problem details (RFC 9457)";

/**
 * Problem responses for the statuses a route's own logic answers (its domain errors). What the
 * middleware in front of it answers (429, 413, 401, …), input validation (400) and 500 are added
 * to the document for every route by src/http/openapi/complete.ts.
 */
export function problemResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: PROBLEM_DESCRIPTION, content: { "application/problem+json": { schema: ProblemSchema } } },
    ]),
  ) as {
    [K in S[number]]: {
      description: string;
      content: { "application/problem+json": { schema: typeof ProblemSchema } };
    };
  };
}
