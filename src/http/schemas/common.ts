import { z } from "@hono/zod-openapi";

/**
 * A non-negative integer query parameter written in decimal digits only. `z.coerce.number()` would
 * also take "0x3", "1e1", " 3" and "3.0"; a parameter that means 3 should be spelt 3.
 */
export const decimalInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, "Expected a whole number in decimal digits")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .openapi({ type: "integer", minimum: min, maximum: max });

export const MoneySchema = z
  .object({
    amount_minor: z
      .number()
      .int()
      .openapi({ description: "Integer amount in the currency's minor unit", example: 12900 }),
    currency: z.string().length(3).openapi({ example: "EUR" }),
  })
  .openapi("Money");

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

/** The problem+json responses every route may give, for the OpenAPI document. */
export function problemResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: "Problem details (RFC 9457)", content: { "application/problem+json": { schema: ProblemSchema } } },
    ]),
  ) as {
    [K in S[number]]: {
      description: string;
      content: { "application/problem+json": { schema: typeof ProblemSchema } };
    };
  };
}
