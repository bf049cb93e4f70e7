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
