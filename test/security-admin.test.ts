import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { QUEUES } from "../src/config";
import { createDb } from "../src/db/client";
import { recordDeadLetter } from "../src/dead-letters/record";
import { issueTickets } from "../src/products/events/tickets/issue";
import { ticketSigner } from "../src/products/events/tickets/keys";
import { type SignedIn, signIn } from "./support/accounts";
import { api, appClient } from "./support/app-client";
import { bookingBody, placeHold, post } from "./support/bookings";
import { insertEventFixture } from "./support/events";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";
import { type Operation, operationsOf } from "./support/openapi-arbitraries";
import { futureDay } from "./support/search-fixtures";
import { fixtureProperty, fixtureRoomType, insertFixture } from "./support/stays";

const KEY = "test-admin-key";
let adminOps: Operation[] = [];
let departureId = "";
let deadLetterId = "";
let ticket = { eventId: "", code: "" };
let organiser: SignedIn;
let eventId = "";
/** An event of its own for the cancel route, so cancelling does not refuse the tier routes' changes. */
let cancelledEventId = "";
/** A booking on the departure, for the organiser routes that read one of a unit's bookings. */
let bookingReference = "";

/** A request each admin route would accept with the right key: a refusal is about the key alone. */
function validRequest(op: Operation): { path: string; body?: string } {
  const day = futureDay(9);
  const path = op.path.replace("{id}", op.path.includes("dead-letters") ? deadLetterId : departureId);
  if (op.method === "POST" && op.path === "/v1/admin/departures") {
    const departure = {
      id: `dep_sec_${crypto.randomUUID().slice(0, 8)}`,
      mode: "flight",
      operator: "Intruder Air",
      number: "IA 1",
      origin: "LHR",
      destination: "CDG",
      departs_at: day.at(9),
      arrives_at: day.at(10),
      fares: [{ cabin: "economy", capacity: 10, price_minor: 1, currency: "EUR" }],
    };
    return { path, body: JSON.stringify({ departures: [departure] }) };
  }
  if (op.path === "/v1/admin/events/{id}") {
    return { path: op.path.replace("{id}", eventId), body: JSON.stringify({ name: "Renamed by ops" }) };
  }
  if (op.path.startsWith("/v1/admin/stays/")) return stayOperatorRequest(op, day.date);
  if (op.path === "/v1/admin/events/{id}/tiers") {
    const body =
      op.method === "PATCH"
        ? { reason: "sec", tiers: [{ id: "tier_ga", price_minor: 1 }] }
        : {
            reason: "sec",
            tier: { id: "tier_sec", name: "Sec", capacity: 5, price_minor: 1, max_per_order: 2, refund_policy: [] },
          };
    return { path: op.path.replace("{id}", eventId), body: JSON.stringify(body) };
  }
  if (op.path === "/v1/admin/events/{id}/cancel") {
    return { path: op.path.replace("{id}", cancelledEventId), body: JSON.stringify({ reason: "sec" }) };
  }
  if (op.path === "/v1/admin/waiting-rooms/{unit_id}") {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const body = op.method === "PUT" ? { body: JSON.stringify({ rate_per_second: 50, until }) } : {};
    return { path: op.path.replace("{unit_id}", departureId), ...body };
  }
  if (op.method === "PATCH") return { path, body: JSON.stringify({ fares: [{ cabin: "economy", price_minor: 1 }] }) };
  if (op.path === "/v1/admin/bookings") return { path: `${path}?status=pending_payment` };
  if (op.path === "/v1/events/{event_id}/check-ins") {
    return {
      path: op.path.replace("{event_id}", ticket.eventId),
      body: JSON.stringify({ code: ticket.code, gate: "sec" }),
    };
  }
  if (op.path === "/v1/admin/role-grants") {
    return { path, body: JSON.stringify({ email: organiser.email, role: "organiser" }) };
  }
  if (op.path.startsWith("/v1/organiser/units/{unit_id}")) {
    return { path: op.path.replace("{unit_id}", departureId).replace("{reference}", bookingReference) };
  }
  if (op.path === "/v1/admin/inventory-owners/{account_id}") {
    return {
      path: path.replace("{account_id}", organiser.accountId),
      body: JSON.stringify({ unit_ids: [departureId] }),
    };
  }
  return { path };
}

/** The stays operator routes on a property of this file (closing one of its own, last in the document). */
function stayOperatorRequest(op: Operation, date: string): { path: string; body: string } {
  const closing = op.path.endsWith("/close");
  const path = op.path
    .replace("{property_id}", closing ? "prp_sec_close" : "prp_sec")
    .replace("{room_type_id}", "rt_sec");
  const reason = "security check";
  if (closing) return { path, body: JSON.stringify({ reason }) };
  if (op.path.endsWith("/room-count")) return { path, body: JSON.stringify({ room_count: 12, from: date, reason }) };
  if (op.path.endsWith("/rates"))
    return { path, body: JSON.stringify({ from: date, to: date, price_minor: 1, reason }) };
  return { path, body: JSON.stringify({ kind: "no_arrival", from: date, to: date, reason }) };
}

function send(
  op: Operation,
  authorization: string | null,
  client = (p: string, i: RequestInit) => api(`https://edgefare.test${p}`, i),
) {
  const { path, body } = validRequest(op);
  // A fresh address per request: this file checks what each credential gets, not the budget that
  // wrong keys spend (test/admin-auth-limit.test.ts does).
  const headers: Record<string, string> = { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip };
  if (authorization !== null) headers.authorization = authorization;
  return client(path, { method: op.method, headers, ...(body ? { body } : {}) });
}

async function refusal(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const { request_id, instance, ...rest } = await res.json<Record<string, unknown>>();
  expect(request_id).toBe(res.headers.get("x-request-id"));
  return { status: res.status, ...rest };
}

const UNAUTHENTICATED = {
  status: 401,
  type: "https://edgefare.dev/problems/unauthenticated",
  title: "Authentication required",
  code: "UNAUTHENTICATED",
  detail: "Sign in (a session cookie or `Authorization: Bearer efs_…`), or send an API key.",
};
/** A credential was sent and does not verify: the same refusal as an unknown session or key. */
const WRONG_KEY = {
  status: 401,
  type: "https://edgefare.dev/problems/unauthenticated",
  title: "Authentication required",
  code: "UNAUTHENTICATED",
  detail: "The credential is not valid: unknown, expired or revoked.",
};

/** What the refused requests would have changed, read back from the stores. */
async function untouched() {
  const price = await env.DB.prepare(
    "SELECT price_minor FROM fare_classes WHERE departure_id = ? AND cabin = 'economy'",
  )
    .bind(departureId)
    .first();
  const intruders = await env.DB.prepare(
    "SELECT count(*) AS n FROM departures WHERE operator = 'Intruder Air'",
  ).first();
  const replayed = await env.DB.prepare("SELECT replayed_at FROM dead_letters WHERE id = ?").bind(deadLetterId).first();
  return { price, intruders, replayed };
}

beforeAll(async () => {
  const doc = await (await api("https://edgefare.test/openapi.json")).json<Parameters<typeof operationsOf>[0]>();
  adminOps = operationsOf(doc).operations.filter((op) => op.admin);
  departureId = await seedDeparture("sec-admin");
  await insertFixture(env.DB, {
    properties: [fixtureProperty("prp_sec"), fixtureProperty("prp_sec_close")],
    roomTypes: [fixtureRoomType("rt_sec", "prp_sec"), fixtureRoomType("rt_sec_close", "prp_sec_close")],
  });
  organiser = await signIn(undefined, "organiser");
  eventId = `evt_sec_${crypto.randomUUID().slice(0, 8)}`;
  await insertEventFixture(env.DB, {
    id: eventId,
    city: "LIS",
    date: futureDay(20).date,
    name: "Security night",
    performers: ["A"],
    venue: { id: `ven_${eventId}`, name: "Hall" },
  });
  cancelledEventId = `evt_sec_${crypto.randomUUID().slice(0, 8)}`;
  await insertEventFixture(env.DB, {
    id: cancelledEventId,
    city: "LIS",
    date: futureDay(21).date,
    name: "Security night two",
    performers: ["A"],
    venue: { id: `ven_${cancelledEventId}`, name: "Hall" },
  });
  deadLetterId = await recordDeadLetter(env.DB, {
    queue: QUEUES.paymentJobs,
    messageId: `msg-${crypto.randomUUID()}`,
    body: { v: 1, type: "charge", bookingId: "bkg_x", paymentId: "pay_x" },
    attempts: 6,
    now: Date.now(),
  });
  const ticketEventId = `evt_sec_${crypto.randomUUID().slice(0, 8)}`;
  const issued = await issueTickets({
    deps: { db: createDb(env.DB), signer: () => ticketSigner(env), now: () => Date.now() },
    input: {
      bookingReference: "SEC001",
      itemId: `itm_${ticketEventId}`,
      eventId: ticketEventId,
      tierId: "tier_ga",
      quantity: 1,
      holderName: "Ada",
    },
  });
  if (!issued.ok || !issued.value[0]) throw new Error("could not issue the ticket the check-in route needs");
  ticket = { eventId: ticketEventId, code: issued.value[0].code };
  const hold = await placeHold(departureId);
  const booked = await post("/v1/bookings", bookingBody(hold.id));
  if (booked.status !== 202) throw new Error(`could not book on the departure: ${await booked.text()}`);
  bookingReference = (await booked.json<{ reference: string }>()).reference;
});

describe("operator routes (every admin route in the OpenAPI document)", () => {
  it("are at least the four known ones", () => {
    expect(adminOps.map((op) => `${op.method} ${op.path}`)).toEqual(
      expect.arrayContaining([
        "POST /v1/admin/departures",
        "PATCH /v1/admin/departures/{id}",
        "GET /v1/admin/dead-letters",
        "POST /v1/admin/dead-letters/{id}/replay",
      ]),
    );
  });

  it("refuse a missing credential and a wrong key with 401, and change nothing", async () => {
    const before = await untouched();
    const missing = [null, "", "Bearer", `Basic ${btoa(`admin:${KEY}`)}`, KEY, `Token ${KEY}`];
    const wrong = [
      "Bearer nope",
      `Bearer ${KEY.slice(0, -1)}`,
      `Bearer ${KEY}x`,
      `Bearer ${KEY.toUpperCase()}`,
      `Bearer ${KEY} ${KEY}`,
      `Bearer "${KEY}"`,
      `Bearer ${btoa(KEY)}`,
    ];
    for (const op of adminOps) {
      for (const auth of missing) {
        const res = await send(op, auth);
        expect(await refusal(res), `${op.method} ${op.path} with ${auth}`).toEqual(UNAUTHENTICATED);
        expect(res.headers.get("www-authenticate")).toBe('Bearer realm="edgefare"');
      }
      for (const auth of wrong) {
        expect(await refusal(await send(op, auth)), `${op.method} ${op.path} with ${auth}`).toEqual(WRONG_KEY);
      }
    }
    expect(await untouched()).toEqual(before);
  });

  it("check the key before the body: a caller without one learns nothing about the schema", async () => {
    for (const op of adminOps.filter((o) => o.body)) {
      const path = validRequest(op).path;
      const init = (authorization?: string) => ({
        method: op.method,
        headers: {
          "content-type": "application/json",
          "cf-connecting-ip": uniqueCaller().ip,
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ nonsense: true }),
      });
      const none = await api(`https://edgefare.test${path}`, init());
      expect(await refusal(none)).toEqual(UNAUTHENTICATED);
      const wrongKey = await api(`https://edgefare.test${path}`, init("Bearer nope"));
      expect(await refusal(wrongKey)).toEqual(WRONG_KEY);
    }
  });

  it("stay closed when no admin key is configured, whatever is sent", async () => {
    const before = await untouched();
    for (const configured of [undefined, ""]) {
      const client = appClient({ ...env, ADMIN_API_KEY: configured });
      for (const op of adminOps) {
        for (const auth of ["Bearer undefined", "Bearer null", `Bearer ${KEY}`, "Bearer  "]) {
          const res = await send(op, auth, client);
          expect([401, 403], `${op.method} ${op.path} with ${auth}`).toContain(res.status);
        }
      }
    }
    expect(await untouched()).toEqual(before);
  });

  it("do accept the right key (the control for everything above)", async () => {
    const before = await untouched();
    for (const op of adminOps) {
      const res = await send(op, `Bearer ${KEY}`);
      expect(res.status, `${op.method} ${op.path}`).toBeLessThan(300);
    }
    const after = await untouched();
    expect(after.intruders).toEqual({ n: Number(before.intruders?.n) + 1 });
    expect(after.price).toEqual({ price_minor: 1 });
    expect(after.replayed?.replayed_at).not.toBeNull();
  });
});
