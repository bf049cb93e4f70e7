import { env, SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ERROR_CATALOG, type ErrorCode } from "../src/lib/error-codes";
import { signWebhook } from "../src/payments/webhook-signature";
import { appClient } from "./support/app-client";
import { bookingBody, placeHold, post } from "./support/bookings";
import { seedDeparture } from "./support/inventory";
import {
  hostileHeader,
  hostileText,
  hostileValue,
  type JsonSchema,
  type Operation,
  operationsOf,
  valueFor,
} from "./support/openapi-arbitraries";
import { futureDay } from "./support/search-fixtures";

const SECRET = "whsec_abuse";
const ADMIN = "Bearer test-admin-key";
/** Webhooks configured, so their route is reachable past the 503 an unconfigured deployment gives. */
const client = appClient({ ...env, PAYMENT_WEBHOOK_SECRET: SECRET });

let operations: Operation[] = [];
let schemas: Record<string, JsonSchema> = {};
let known: Record<string, unknown[] | fc.Arbitrary<unknown>> = {};

beforeAll(async () => {
  const doc = await (await SELF.fetch("https://edgefare.test/openapi.json")).json<Parameters<typeof operationsOf>[0]>();
  ({ operations, schemas } = operationsOf(doc));
  const departureId = await seedDeparture("abuse", {
    fares: [
      { cabin: "economy", capacity: 50, priceMinor: 9_900 },
      { cabin: "business", capacity: 8, priceMinor: 49_900 },
    ],
  });
  const hold = await placeHold(departureId);
  const spare = await placeHold(departureId);
  const booked = await post("/v1/bookings", bookingBody(hold.id));
  const { reference } = await booked.json<{ reference: string }>();
  known = {
    // Path parameters are looked up as "{name}", query parameters as "?name", body fields by name.
    "{id}": [departureId, hold.id, spare.id, "dlt_0000000000000000000000"],
    "{reference}": [reference],
    "?family_name": ["Lovelace", "LOVELACE"],
    "?origin": ["LON", "LHR", "GBSPX"],
    "?destination": ["PAR", "CDG", "FRPNO"],
    "?date": [futureDay(3).date],
    "?passengers": ["1", "2", "9"],
    "?limit": ["1", "20", "100"],
    "?modes": ["flight", "rail,bus", "ferry,flight"],
    "?cursor": [""],
    "?q": ["lon", "zür", "par"],
    id: fc.uuid().map((u) => `dep_fuzz_${u.slice(0, 8)}`),
    departure_id: [departureId],
    hold_id: [spare.id, hold.id],
    email: ["ada@example.com", "zoë@exämple.com"],
    birth_date: ["1990-05-17", "2020-02-29"],
    origin: ["LHR", "GBSPX"],
    destination: ["CDG", "FRPNO"],
    token: ["tok_success", "tok_decline", "tok_pending"],
    currency: ["EUR", "GBP"],
    // Real times, and times so far ahead that a date library could choke on them.
    departs_at: [inDays(5), "9999-12-31T08:00:00Z", 253_402_300_800, 1e13],
    arrives_at: [inDays(5) + 7_200, "9999-12-31T10:00:00Z", 253_402_310_800, 1e13 + 7_200],
  };
});

const inDays = (days: number) => Math.floor(Date.now() / 1000) + days * 86_400;
const WRITES = new Set(["POST", "PATCH", "PUT"]);
const writeOps = () => operations.filter((op) => WRITES.has(op.method));
const concretePath = (op: Operation) =>
  op.path.replace(/\{(\w+)\}/g, (_, name: string) => String((known[`{${name}}`] as unknown[] | undefined)?.[0] ?? "x"));
const authFor = (op: Operation): Record<string, string> => (op.admin ? { authorization: ADMIN } : {});

/** Everything but the request id, which is the response's own by design; it must match the header. */
async function problemOf(res: Response): Promise<Record<string, unknown>> {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const { request_id, ...rest } = await res.json<Record<string, unknown>>();
  expect(request_id).toBe(res.headers.get("x-request-id"));
  return rest;
}

/** 2xx JSON, or a 4xx problem whose code, title and status are the catalogue's. Never 5xx. */
async function expectClearAnswer(res: Response, label: string): Promise<void> {
  const text = await res.text();
  expect(res.status, `${label} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get("content-type"), label).toBe("application/problem+json");
    const body = JSON.parse(text) as { code: ErrorCode; [k: string]: unknown };
    const entry = ERROR_CATALOG[body.code];
    expect(entry, `${label}: unknown code ${body.code}`).toBeDefined();
    expect(body).toMatchObject({
      type: `https://edgefare.dev/problems/${body.code.toLowerCase().replaceAll("_", "-")}`,
      title: entry.title,
      status: res.status,
    });
    // An Idempotency-Key replay is the first answer byte for byte, with that request's id inside.
    const replayed = res.headers.get("idempotent-replayed") === "true";
    expect(body.request_id).toBe(replayed ? body.request_id : res.headers.get("x-request-id"));
    expect(entry.status).toBe(res.status);
    expect(String(body.detail).length, label).toBeGreaterThan(0);
  } else if (res.status !== 204 && res.status !== 304) {
    expect(res.headers.get("content-type"), label).toMatch(/^application\/json/);
    expect(() => JSON.parse(text)).not.toThrow();
  }
}

describe("the public surface, from the OpenAPI document", () => {
  it("lists every route, so a new one is attacked without touching these tests", () => {
    const listed = operations.map((op) => `${op.method} ${op.path}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        "GET /v1/search",
        "GET /v1/places",
        "GET /v1/departures/{id}",
        "POST /v1/holds",
        "GET /v1/holds/{id}",
        "DELETE /v1/holds/{id}",
        "POST /v1/holds/{id}/extend",
        "POST /v1/bookings",
        "GET /v1/bookings/{reference}",
        "POST /v1/bookings/{reference}/cancel",
        "POST /v1/webhooks/payments",
        "POST /v1/admin/departures",
        "PATCH /v1/admin/departures/{id}",
        "GET /v1/admin/dead-letters",
        "POST /v1/admin/dead-letters/{id}/replay",
      ]),
    );
    expect(operations.filter((op) => op.admin).length).toBeGreaterThanOrEqual(4);
    expect(operations.filter((op) => op.body).length).toBeGreaterThanOrEqual(4);
  });
});

describe("bodies that are too large, of the wrong type or not JSON", () => {
  const big = JSON.stringify({ pad: "x".repeat(70_000) });

  it("413 on every write route, with or without a Content-Length", async () => {
    for (const op of writeOps()) {
      const path = concretePath(op);
      const bodies: BodyInit[] = [big, new Blob([big]).stream()];
      for (const body of bodies) {
        const res = await client(path, {
          method: op.method,
          headers: { "content-type": "application/json", ...authFor(op) },
          body,
        });
        expect(res.status, `${op.method} ${op.path}`).toBe(413);
        expect(await problemOf(res)).toEqual({
          type: "https://edgefare.dev/problems/payload-too-large",
          title: "The request body is too large",
          status: 413,
          code: "PAYLOAD_TOO_LARGE",
          detail: "The request body must be at most 65536 bytes.",
          instance: path,
        });
      }
    }
  });

  it("415 on every write route for a body that is not sent as JSON", async () => {
    const types = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/xml"];
    for (const op of writeOps()) {
      const path = concretePath(op);
      for (const type of types) {
        const res = await client(path, {
          method: op.method,
          headers: { "content-type": type, ...authFor(op) },
          body: "a=1",
        });
        expect(res.status, `${op.method} ${op.path} as ${type}`).toBe(415);
        expect(await problemOf(res)).toEqual({
          type: "https://edgefare.dev/problems/unsupported-media-type",
          title: "Unsupported content type",
          status: 415,
          code: "UNSUPPORTED_MEDIA_TYPE",
          detail: "Send the request body as application/json.",
          instance: path,
        });
      }
    }
  });

  it("400 MALFORMED_JSON on every route that takes a JSON body", async () => {
    const broken = ["{", '{"a":', "[1,2", "nul", "{'a':1}", '{"a":1}}', "\u0000"];
    for (const op of operations.filter((o) => o.body)) {
      const path = concretePath(op);
      for (const body of broken) {
        const res = await client(path, {
          method: op.method,
          headers: { "content-type": "application/json", ...authFor(op) },
          body,
        });
        expect(res.status, `${op.method} ${op.path} with ${JSON.stringify(body)}`).toBe(400);
        expect(await problemOf(res)).toEqual({
          type: "https://edgefare.dev/problems/malformed-json",
          title: "The request body is not valid JSON",
          status: 400,
          code: "MALFORMED_JSON",
          detail: "The request body is not valid JSON.",
          instance: path,
        });
      }
    }
  });
});

describe("numbers and dates out of any sensible range", () => {
  const departure = (departsAt: unknown, arrivesAt: unknown) => ({
    departures: [
      {
        mode: "flight",
        operator: "Far Air",
        number: "FA 9",
        origin: "LHR",
        destination: "CDG",
        departs_at: departsAt,
        arrives_at: arrivesAt,
        fares: [{ cabin: "economy", capacity: 10, price_minor: 100, currency: "EUR" }],
      },
    ],
  });
  const cases: [string, string, RequestInit, string][] = [
    ["huge search limit", "/v1/search?origin=LON&destination=PAR&date=${date}&limit=1e309", {}, "VALIDATION_FAILED"],
    ["negative search limit", "/v1/search?origin=LON&destination=PAR&date=${date}&limit=-1", {}, "VALIDATION_FAILED"],
    ["huge places limit", "/v1/places?q=lon&limit=99999999999999999999", {}, "VALIDATION_FAILED"],
    [
      "huge dead-letter limit",
      "/v1/admin/dead-letters?limit=1e6",
      { headers: { authorization: ADMIN } },
      "VALIDATION_FAILED",
    ],
    [
      "negative passengers",
      "/v1/search?origin=LON&destination=PAR&date=${date}&passengers=-2",
      {},
      "INVALID_PASSENGERS",
    ],
    ["a search in year 9999", "/v1/search?origin=LON&destination=PAR&date=9999-12-31", {}, "DATE_TOO_FAR"],
    ["a search before the epoch", "/v1/search?origin=LON&destination=PAR&date=1969-12-31", {}, "DATE_IN_PAST"],
    [
      "a departure at epoch 1e13 s (no Date can hold it)",
      "/v1/admin/departures",
      adminPost(departure(1e13, 1e13 + 3600)),
      "VALIDATION_FAILED",
    ],
    [
      "a departure past year 9999",
      "/v1/admin/departures",
      adminPost(departure(253_402_300_800, 253_402_304_400)),
      "VALIDATION_FAILED",
    ],
    ["a departure at a negative time", "/v1/admin/departures", adminPost(departure(-1, 3600)), "VALIDATION_FAILED"],
    [
      "a negative capacity",
      "/v1/admin/departures/${departure}",
      adminPatch({ fares: [{ cabin: "economy", capacity: -5 }] }),
      "VALIDATION_FAILED",
    ],
    [
      "a hold for -1 passengers",
      "/v1/holds",
      jsonPost({ departure_id: "${departure}", cabin: "economy", passengers: -1 }),
      "VALIDATION_FAILED",
    ],
    [
      "a hold for 2^53 passengers",
      "/v1/holds",
      jsonPost({ departure_id: "${departure}", cabin: "economy", passengers: 2 ** 53 }),
      "VALIDATION_FAILED",
    ],
  ];

  it.each(cases)("%s: a clear problem, not a 5xx", async (_, template, init, code) => {
    const fill = (text: string) =>
      text
        .replaceAll("${date}", String((known["?date"] as string[])[0]))
        .replaceAll("${departure}", String((known.departure_id as string[])[0]));
    const body = typeof init.body === "string" ? fill(init.body) : undefined;
    const res = await client(fill(template), { ...init, ...(body ? { body } : {}) });
    expect(res.status).toBe(ERROR_CATALOG[code as ErrorCode].status);
    expect(await problemOf(res)).toMatchObject({
      code,
      status: res.status,
      title: ERROR_CATALOG[code as ErrorCode].title,
    });
  });

  it("accepts a departure in year 9999 given as ISO 8601, and shows it back", async () => {
    const res = await client(
      "/v1/admin/departures",
      adminPost(departure("9999-12-30T08:00:00Z", "9999-12-30T10:00:00Z")),
    );
    expect(res.status).toBe(201);
    const { data } = await res.json<{ data: { ids: string[] } }>();
    const shown = await client(`/v1/departures/${data.ids[0]}`);
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ departs_at: "9999-12-30T08:00:00.000Z", service_date: "9999-12-30" });
  });
});

const jsonPost = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const adminPost = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", authorization: ADMIN },
  body: JSON.stringify(body),
});
const adminPatch = (body: unknown): RequestInit => ({ ...adminPost(body), method: "PATCH" });

interface Attempt {
  method: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body: string | undefined;
  /** Webhooks only: sign the body with the configured secret, so it reaches the event parser. */
  signed: boolean;
}

/** Percent-encodes UTF-8 bytes; a lone surrogate (which no client can send) becomes U+FFFD. */
const encodeSegment = (text: string) =>
  Array.from(new TextEncoder().encode(text), (b) =>
    /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, "0")}`,
  ).join("");

/** How hostile one request is: 0 reaches the handlers with real ids; higher spoils more fields. */
const CHAOS_LEVELS = [0, 0, 10, 40] as const;

function attemptFor(op: Operation): fc.Arbitrary<Attempt> {
  return fc.constantFrom(...CHAOS_LEVELS).chain((chaos) => {
    const ctx = { schemas, known, chaos };
    const spoiled = <T>(plausible: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>) =>
      chaos === 0
        ? plausible
        : fc.oneof({ weight: 100 - chaos, arbitrary: plausible }, { weight: chaos, arbitrary: hostile });
    const textFor = (name: string, schema: JsonSchema) =>
      spoiled(
        valueFor(schema, { ...ctx, chaos: 0 }, name).map((v) => (typeof v === "string" ? v : JSON.stringify(v))),
        hostileText,
      );
    const optionalPair = (name: string, value: fc.Arbitrary<string>) =>
      fc.option(fc.tuple(fc.constant(name), value), { nil: undefined, freq: 3 });
    const isWebhook = op.path.includes("webhooks");
    const body = op.body
      ? spoiled(valueFor(op.body, ctx), hostileValue)
      : isWebhook
        ? webhookBody
        : fc.constant(undefined);
    return fc
      .record({
        method: spoiled(fc.constant(op.method), fc.constantFrom("GET", "POST", "PATCH", "DELETE", "PUT")),
        segments: fc.tuple(...op.params.filter((p) => p.in === "path").map((p) => textFor(`{${p.name}}`, p.schema))),
        query: fc.tuple(
          ...op.params
            .filter((p) => p.in === "query")
            .map((p) =>
              p.required
                ? fc.tuple(fc.constant(p.name), textFor(`?${p.name}`, p.schema))
                : optionalPair(p.name, textFor(`?${p.name}`, p.schema)),
            ),
          chaos === 0 ? fc.constant(undefined) : optionalPair("limit", hostileText),
        ),
        headers: fc.tuple(
          ...op.params
            .filter((p) => p.in === "header")
            .map((p) => fc.option(fc.tuple(fc.constant(p.name), hostileHeader))),
        ),
        body,
        signed: fc.boolean(),
      })
      .map((x) => {
        let i = 0;
        const headers: Record<string, string> = { ...authFor(op) };
        for (const h of x.headers) if (h) headers[h[0]] = h[1];
        return {
          method: x.method,
          path: op.path.replace(/\{\w+\}/g, () => encodeSegment(String(x.segments[i++] ?? ""))),
          query: x.query.filter((q): q is [string, string] => q !== undefined),
          headers,
          body: x.body === undefined ? undefined : JSON.stringify(x.body),
          signed: x.signed && isWebhook,
        };
      });
  });
}

/** Provider-shaped events with hostile contents, so a signed one reaches the event parser. */
const webhookBody = fc.oneof(
  hostileValue,
  fc.record({
    id: fc.oneof(fc.constant(`evt_${Math.random()}`), hostileText),
    type: fc.constantFrom("payment_intent.succeeded", "payment_intent.payment_failed", "refund.updated", "x"),
    data: fc.record({
      object: fc.record({
        id: hostileText,
        status: fc.constantFrom("succeeded", "failed", "<script>"),
        metadata: fc.dictionary(fc.constantFrom("booking_id", "payment_id"), hostileText),
      }),
    }),
  }),
);

describe("hostile input on every route (fast-check)", () => {
  it("answers 2xx or a clear 4xx problem+json, never 5xx", async () => {
    const anyAttempt = fc.constantFrom(...operations).chain((op) => attemptFor(op));
    await fc.assert(
      fc.asyncProperty(anyAttempt, async (a) => {
        const url = new URL(`https://edgefare.test${a.path}`);
        for (const [k, v] of a.query) url.searchParams.append(k, v);
        const headers = { ...a.headers };
        const hasBody = a.body !== undefined && a.method !== "GET";
        if (hasBody) headers["content-type"] = "application/json";
        if (hasBody && a.signed) {
          headers["stripe-signature"] = await signWebhook(SECRET, a.body ?? "", Math.floor(Date.now() / 1000));
        }
        const res = await client(`${url.pathname}${url.search}`, {
          method: a.method,
          headers,
          ...(hasBody ? { body: a.body } : {}),
        });
        await expectClearAnswer(res, `${a.method} ${url.pathname}${url.search} ${a.body?.slice(0, 200) ?? ""}`);
      }),
      { numRuns: 400 },
    );
  });
});
