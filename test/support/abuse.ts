import { env } from "cloudflare:test";
import fc from "fast-check";
import { expect } from "vitest";
import { ERROR_CATALOG, type ErrorCode } from "../../src/lib/error-codes";
import { signIn } from "./accounts";
import { api, appClient } from "./app-client";
import { bookingBody, placeHold, post } from "./bookings";
import { seedDeparture } from "./inventory";
import { type JsonSchema, type Operation, operationsOf } from "./openapi-arbitraries";
import { futureDay } from "./search-fixtures";
import { fixtureProperty, fixtureRoomType, insertFixture } from "./stays";

export const WEBHOOK_SECRET = "whsec_abuse";
export const ADMIN = "Bearer test-admin-key";
/** Webhooks configured, so their route is reachable past the 503 an unconfigured deployment gives. */
export const client = appClient({ ...env, PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET });

export interface AbuseFixture {
  operations: Operation[];
  schemas: Record<string, JsonSchema>;
  /** Values that exist, by "{path param}", "?query param" or body field name. */
  known: Record<string, unknown[] | fc.Arbitrary<unknown>>;
  departureId: string;
}

const inDays = (days: number) => Math.floor(Date.now() / 1000) + days * 86_400;

/** The routes from /openapi.json, plus a departure, two holds and a booking for them to find. */
/** A traveller's session for the routes that need one: their body is what these tests attack. */
let sessionBearer = "";

export async function abuseFixture(): Promise<AbuseFixture> {
  sessionBearer ||= (await signIn()).bearer;
  const doc = await (await api("https://edgefare.test/openapi.json")).json<Parameters<typeof operationsOf>[0]>();
  const { operations, schemas } = operationsOf(doc);
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
  await insertFixture(env.DB, {
    properties: [fixtureProperty("prp_abuse")],
    roomTypes: [fixtureRoomType("rt_abuse", "prp_abuse")],
  });
  const known = {
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
    "?place": ["LON", "PAR", "LHR", "frpno"],
    "?from": [futureDay(2).date],
    "?to": [futureDay(5).date, futureDay(9).date],
    "?category": ["concert", "theatre,dinner"],
    "{property_id}": ["prp_abuse", "prp_missing"],
    "{room_type_id}": ["rt_abuse"],
    "?check_in": [futureDay(4).date],
    "?check_out": [futureDay(6).date, futureDay(40).date],
    "?room_type_id": ["rt_abuse"],
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
  return { operations, schemas, known, departureId };
}

const WRITES = new Set(["POST", "PATCH", "PUT"]);
export const writeOps = (operations: Operation[]) => operations.filter((op) => WRITES.has(op.method));
export const concretePath = (op: Operation, known: AbuseFixture["known"]) =>
  op.path.replace(/\{(\w+)\}/g, (_, name: string) => String((known[`{${name}}`] as unknown[] | undefined)?.[0] ?? "x"));
export const authFor = (op: Operation): Record<string, string> =>
  op.admin ? { authorization: ADMIN } : op.session ? { authorization: sessionBearer } : {};

/** Everything but the request id, which is the response's own by design; it must match the header. */
export async function problemOf(res: Response): Promise<Record<string, unknown>> {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const { request_id, ...rest } = await res.json<Record<string, unknown>>();
  expect(request_id).toBe(res.headers.get("x-request-id"));
  return rest;
}

/** 2xx JSON, or a 4xx problem whose code, title and status are the catalogue's. Never 5xx. */
export async function expectClearAnswer(res: Response, label: string): Promise<void> {
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
    // The two pages the API serves: the confirm pages the sign-in and claim links open (their HTML
    // is documented as such).
    if (/^GET \/v1\/auth\/(?:magic-link|claim-link)(?:[\s?]|$)/.test(label)) {
      expect(res.headers.get("content-type"), label).toMatch(/^text\/html/);
      return;
    }
    expect(res.headers.get("content-type"), label).toMatch(/^application\/json/);
    expect(() => JSON.parse(text)).not.toThrow();
  }
}
