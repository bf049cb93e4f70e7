import fc from "fast-check";

/**
 * Requests for every operation of the generated OpenAPI document, built from the document itself:
 * a route added tomorrow is attacked tomorrow without touching the tests. Values are mostly
 * shaped like the schema (so requests reach the handlers, not only the validator) with hostile
 * leaves mixed in: injection strings, unicode, huge and negative numbers, far-future dates.
 */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  example?: unknown;
  minimum?: number;
  maximum?: number;
}

export interface Operation {
  method: string;
  path: string;
  params: { name: string; in: "path" | "query" | "header"; required?: boolean; schema: JsonSchema }[];
  body: JsonSchema | null;
  admin: boolean;
  /** Guarded by the webhook signature: an unsigned body is refused before it is parsed. */
  signed: boolean;
  /** Needs a signed-in session (a traveller's bearer token will do). */
  session: boolean;
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { parameters?: Operation["params"]; requestBody?: unknown; security?: unknown }>
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

export function operationsOf(doc: OpenApiDoc): { operations: Operation[]; schemas: Record<string, JsonSchema> } {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const body = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content?.[
        "application/json"
      ]?.schema;
      operations.push({
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: body ?? null,
        admin: JSON.stringify(op.security ?? []).includes("adminKey"),
        signed: JSON.stringify(op.security ?? []).includes("webhookSignature"),
        session: JSON.stringify(op.security ?? []).includes("sessionToken"),
      });
    }
  }
  return { operations, schemas: doc.components?.schemas ?? {} };
}

export const HOSTILE_STRINGS = [
  "' OR '1'='1' --",
  '"; DROP TABLE bookings; --',
  "<script>alert(1)</script>",
  "${7*7}{{7*7}}",
  "../../../etc/passwd",
  "%00%0d%0aSet-Cookie: x=1",
  "\u0000\u0001\u0002",
  "\ud800",
  "👨‍👩‍👧‍👦✈️🚆",
  "Ｌｏｎｄｏｎ",
  "\u202egnp.exe",
  "Zoë Ñúñez-Ødegård",
  "__proto__",
  "constructor",
  "",
  " ",
  "null",
  "NaN",
  "-1",
  "1e309",
  "x".repeat(5_000),
];
export const HOSTILE_NUMBERS = [
  -1,
  0,
  -0,
  0.5,
  -2_147_483_649,
  2 ** 53 + 2,
  1e21,
  1e308,
  -1e308,
  253_402_300_800,
  1e13,
];
export const HOSTILE_DATES = ["9999-12-31", "2999-01-01", "0000-01-01", "1970-01-01", "2026-02-30", "2026-13-01"];
export const HOSTILE_DATETIMES = ["9999-12-31T23:59:59Z", "+275760-09-13T00:00:00Z", "1970-01-01T00:00:00Z"];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS, ...HOSTILE_DATES, ...HOSTILE_DATETIMES) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
);
const hostileNumber = fc.oneof(
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}),
  fc.dictionary(fc.constantFrom("__proto__", "constructor", "a", "$where"), hostileString, { maxKeys: 2 }),
);

/** Text that can travel in a query string or a path segment (anything, encoded). */
export const hostileText = fc.oneof(
  hostileString,
  hostileNumber.map(String),
  fc.constantFrom(...HOSTILE_DATES, "1e3", "Infinity", "0x10", " 5 "),
);

/** Header values must be ByteStrings: printable ASCII, hostile in content rather than encoding. */
export const hostileHeader = fc.oneof(
  fc.constantFrom("' OR 1=1 --", "<script>", "a".repeat(300), "", "t=1,v1=zz", "0-0-0", "../..", "\t"),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
);

export interface ValueContext {
  schemas: Record<string, JsonSchema>;
  /** Values that exist (a real departure id, hold id, booking reference), by field name. */
  known: Record<string, unknown[] | fc.Arbitrary<unknown>>;
  /** Percent of leaves replaced by a hostile value: 0 gives requests that reach the handlers. */
  chaos: number;
}

/**
 * A value for `schema`: a plausible one (enum member, example, a known value for that field
 * name, a number in range) or, for `chaos` percent of the leaves, a hostile one.
 */
export function valueFor(schema: JsonSchema, ctx: ValueContext, field = "", depth = 0): fc.Arbitrary<unknown> {
  const s = schema.$ref ? (ctx.schemas[schema.$ref.split("/").at(-1) ?? ""] ?? {}) : schema;
  const plausible = plausibleFor(s, ctx, field, depth);
  if (ctx.chaos <= 0) return plausible;
  return fc.oneof({ weight: 100 - ctx.chaos, arbitrary: plausible }, { weight: ctx.chaos, arbitrary: hostileValue });
}

function plausibleFor(s: JsonSchema, ctx: ValueContext, field: string, depth: number): fc.Arbitrary<unknown> {
  const fromKnown = ctx.known[field];
  if (fromKnown instanceof fc.Arbitrary) return fromKnown;
  if (fromKnown?.length) return fc.constantFrom(...fromKnown);
  const alternatives = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => valueFor(a, ctx, field, depth)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === "object" || s.properties) {
    if (depth > 4) return fc.constant({});
    const entries = Object.entries(s.properties ?? {}).map(([k, v]) => [k, valueFor(v, ctx, k, depth + 1)]);
    return fc.record(Object.fromEntries(entries) as Record<string, fc.Arbitrary<unknown>>, {
      requiredKeys: s.required ?? [],
    });
  }
  if (type === "array") {
    return fc.array(valueFor(s.items ?? {}, ctx, field, depth + 1), { minLength: 1, maxLength: 3 });
  }
  if (type === "integer" || type === "number") {
    const min = Math.ceil(s.minimum ?? 1);
    const max = Math.floor(Math.min(s.maximum ?? 20, 2 ** 31));
    return fc.integer({ min, max });
  }
  if (type === "boolean") return fc.boolean();
  if (s.format === "date") return fc.constantFrom("1990-05-17", ...HOSTILE_DATES);
  if (s.format === "date-time") return fc.constantFrom(...HOSTILE_DATETIMES);
  if (s.format === "email") return fc.constantFrom("ada@example.com", "a@b", "<x>@example.com");
  return s.example !== undefined ? fc.oneof(fc.constant(s.example), hostileString) : hostileString;
}
