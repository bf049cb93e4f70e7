import { z } from "@hono/zod-openapi";

/**
 * A whole number in a query string, written in decimal digits only. `z.coerce.number()` goes
 * through Number(), which also reads "0x3", "1e1", "+5", " 5 " and "5.0": a client sending those
 * means something else, so they are refused rather than guessed at.
 */
export function decimalInt(min: number, max: number) {
  return z
    .string()
    .regex(/^[0-9]+$/, "Use a whole number written in decimal digits")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .openapi({ type: "integer", minimum: min, maximum: max });
}

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
