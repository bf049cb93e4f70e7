import { z } from "@hono/zod-openapi";

/**
 * A non-negative integer written in decimal digits only. `z.coerce.number()` would also take
 * "0x3", "1e1", " 3" and "3.0"; a query parameter that means 3 should be spelt 3.
 */
export const decimalInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, "Expected a whole number in decimal digits")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .openapi({ type: "integer", minimum: min, maximum: max });

/** A comma-separated list of allowed values ("wifi,pool"), de-duplicated. */
export const csvOf = <const T extends readonly [string, ...string[]]>(values: T, example: string) =>
  z
    .string()
    .transform((s) => s.split(",").map((v) => v.trim().toLowerCase()))
    .pipe(
      z
        .array(z.enum(values))
        .min(1)
        .max(values.length * 2),
    )
    .transform((list) => [...new Set(list)])
    .openapi({ type: "string", description: `Comma-separated: ${values.join(",")}`, example });

/** Star ratings as a comma-separated list of 1 to 5 ("4,5"). */
export const starList = z
  .string()
  .transform((s) => s.split(",").map((v) => v.trim()))
  .pipe(
    z
      .array(z.enum(["1", "2", "3", "4", "5"]))
      .min(1)
      .max(10),
  )
  .transform((list) => [...new Set(list.map(Number))])
  .openapi({ type: "string", description: "Comma-separated star ratings, 1 to 5", example: "4,5" });
