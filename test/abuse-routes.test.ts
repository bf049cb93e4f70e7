import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../src/payments/webhook-signature";
import { type AbuseFixture, abuseFixture, authFor, client, expectClearAnswer, WEBHOOK_SECRET } from "./support/abuse";
import {
  hostileHeader,
  hostileText,
  hostileValue,
  type JsonSchema,
  type Operation,
  valueFor,
} from "./support/openapi-arbitraries";

let fx: AbuseFixture;
beforeAll(async () => {
  fx = await abuseFixture();
});

describe("the public surface, from the OpenAPI document", () => {
  it("lists every route, so a new one is attacked without touching these tests", () => {
    const listed = fx.operations.map((op) => `${op.method} ${op.path}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        "GET /v1/search",
        "GET /v1/places",
        "GET /v1/departures/{id}",
        "GET /v1/events/search",
        "GET /v1/events/{id}",
        "GET /v1/stays/search",
        "GET /v1/stays/{property_id}",
        "GET /v1/stays/{property_id}/availability",
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
    expect(fx.operations.filter((op) => op.admin).length).toBeGreaterThanOrEqual(4);
    expect(fx.operations.filter((op) => op.body).length).toBeGreaterThanOrEqual(4);
  });
});

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
    const ctx = { schemas: fx.schemas, known: fx.known, chaos };
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
    const anyAttempt = fc.constantFrom(...fx.operations).chain((op) => attemptFor(op));
    await fc.assert(
      fc.asyncProperty(anyAttempt, async (a) => {
        const url = new URL(`https://edgefare.test${a.path}`);
        for (const [k, v] of a.query) url.searchParams.append(k, v);
        const headers = { ...a.headers };
        const hasBody = a.body !== undefined && a.method !== "GET";
        if (hasBody) headers["content-type"] = "application/json";
        if (hasBody && a.signed) {
          headers["stripe-signature"] = await signWebhook(WEBHOOK_SECRET, a.body ?? "", Math.floor(Date.now() / 1000));
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
