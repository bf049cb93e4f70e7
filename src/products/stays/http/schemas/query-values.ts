import { z } from "@hono/zod-openapi";

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
