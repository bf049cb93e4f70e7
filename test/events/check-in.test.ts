import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { fromBase64Url, toBase64Url } from "../../src/lib/encoding";
import { verifyTicketCode } from "../../src/products/events/tickets/code";
import { issueTickets, type Ticket, voidTickets } from "../../src/products/events/tickets/issue";
import { type TicketKeyEnv, ticketJwks, ticketSigner } from "../../src/products/events/tickets/keys";
import { api, appClient } from "../support/app-client";
import { uniqueCaller } from "../support/limited-app";
import { envWithRedis } from "../support/redis";
import { generateTicketKey } from "../support/ticket-keys";

const ADMIN = { authorization: "Bearer test-admin-key", "content-type": "application/json" };

/** Issues `quantity` tickets for a new item of `eventId`, signed with the key in `keys` (default: the run's). */
async function issue(eventId: string, quantity = 1, keys: TicketKeyEnv = env): Promise<Ticket[]> {
  const result = await issueTickets({
    deps: { db: createDb(env.DB), signer: () => ticketSigner({ ENVIRONMENT: "test", ...keys }), now: () => Date.now() },
    input: {
      bookingReference: "K7M2QX",
      itemId: `itm_${crypto.randomUUID()}`,
      eventId,
      tierId: "tier_ga",
      quantity,
      holderName: "Ada Lovelace",
    },
  });
  if (!result.ok) throw new Error(result.error.detail);
  return result.value;
}

const newEvent = () => `evt_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;

type Client = (path: string, init?: RequestInit) => Promise<Response>;

function checkIn(eventId: string, body: Record<string, unknown>, client: Client = api) {
  return client(`/v1/events/${eventId}/check-ins`, { method: "POST", headers: ADMIN, body: JSON.stringify(body) });
}

/** The code with one bit of one byte flipped. */
function altered(code: string, index: number): string {
  const bytes = fromBase64Url(code) ?? new Uint8Array();
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return toBase64Url(bytes);
}

const problem = (code: string, status: number, title: string, detail: string, extra: object = {}) => ({
  type: `https://edgefare.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`,
  code,
  status,
  title,
  detail,
  instance: expect.stringMatching(/^\/v1\/events\//),
  request_id: expect.any(String),
  ...extra,
});

describe("POST /v1/events/{event_id}/check-ins", () => {
  it("admits a valid ticket and says whose it is", async () => {
    const eventId = newEvent();
    const [ticket] = await issue(eventId);
    // As a scanner sends it, with a line break after the code.
    const res = await checkIn(eventId, { code: `${ticket?.code}\r\n`, gate: "north-1" });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      ticket_id: ticket?.id,
      event_id: eventId,
      tier_id: "tier_ga",
      booking_reference: "K7M2QX",
      holder_initials: "AL",
      gate: "north-1",
      checked_in_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      scanned_offline: false,
    });
  });

  it("admits one of 20 concurrent scans of the same ticket; the others say when and where it was first scanned", async () => {
    const eventId = newEvent();
    const [ticket] = await issue(eventId);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => checkIn(eventId, { code: ticket?.code, gate: `gate-${i}` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const admitted = (await responses[statuses.indexOf(201)]?.json()) as { gate: string; checked_in_at: string };
    const refused = await responses[statuses.indexOf(409)]?.json();
    expect(refused).toEqual(
      problem(
        "TICKET_ALREADY_CHECKED_IN",
        409,
        "The ticket was already checked in",
        `This ticket was checked in at ${admitted.checked_in_at} at gate ${admitted.gate}.`,
        { ticket_id: ticket?.id, first_checked_in_at: admitted.checked_in_at, gate: admitted.gate },
      ),
    );
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM event_check_ins WHERE ticket_id = ?")
      .bind(ticket?.id)
      .first();
    expect(rows).toEqual({ n: 1 });
  });

  it("refuses an altered code online, as verifyTicketCode does offline", async () => {
    const eventId = newEvent();
    const [ticket] = await issue(eventId);
    const code = altered(ticket?.code ?? "", 30);
    expect(await verifyTicketCode(code, ticketJwks(env))).toEqual({ ok: false, reason: "bad_signature" });
    const res = await checkIn(eventId, { code, gate: "north-1" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(
      problem(
        "TICKET_INVALID",
        400,
        "The ticket code is not valid",
        "The ticket code's signature does not match: it was altered or forged.",
        { reason: "bad_signature" },
      ),
    );
    // The genuine code is still admitted: the forgery touched nothing.
    expect((await checkIn(eventId, { code: ticket?.code, gate: "north-1" })).status).toBe(201);
  });

  it("refuses a code signed with a key the service does not trust", async () => {
    const eventId = newEvent();
    const rogue = await generateTicketKey("rogue-1");
    const [ticket] = await issue(eventId, 1, { TICKET_SIGNING_KEY: rogue.secret });
    const res = await checkIn(eventId, { code: ticket?.code, gate: "north-1" });
    expect(await res.json()).toEqual(
      problem(
        "TICKET_INVALID",
        400,
        "The ticket code is not valid",
        "The ticket code is signed with a key this service does not know.",
        { reason: "unknown_key" },
      ),
    );
  });

  it("refuses a ticket of another event, and a voided ticket", async () => {
    const eventId = newEvent();
    const [ticket] = await issue(eventId);
    const elsewhere = newEvent();
    expect(await (await checkIn(elsewhere, { code: ticket?.code, gate: "north-1" })).json()).toEqual(
      problem(
        "TICKET_WRONG_EVENT",
        409,
        "The ticket is for another event",
        `This ticket is for event ${eventId}, not ${elsewhere}.`,
        { ticket_event_id: eventId },
      ),
    );
    await voidTickets({
      deps: { db: createDb(env.DB), now: () => Date.now() },
      input: { itemId: ticket?.itemId ?? "" },
    });
    expect(await (await checkIn(eventId, { code: ticket?.code, gate: "north-1" })).json()).toEqual(
      problem("TICKET_VOID", 409, "The ticket is void", "This ticket was voided: its booking was cancelled.", {
        ticket_id: ticket?.id,
      }),
    );
  });

  it("records an offline scan at the door app's time, and refuses a time out of range", async () => {
    const eventId = newEvent();
    const [ticket, other] = await issue(eventId, 2);
    const scannedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000).toISOString();
    const res = await checkIn(eventId, { code: ticket?.code, gate: "south", scanned_at: scannedAt });
    expect(await res.json()).toMatchObject({ checked_in_at: scannedAt, scanned_offline: true });
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(await (await checkIn(eventId, { code: other?.code, gate: "south", scanned_at: future })).json()).toEqual(
      problem(
        "TICKET_SCAN_TIME_INVALID",
        400,
        "The scan time is out of range",
        "scanned_at must be within the last 7 days and not in the future.",
      ),
    );
  });

  it("replays the first answer to a retried upload with the same Idempotency-Key", async () => {
    const eventId = newEvent();
    const [ticket] = await issue(eventId);
    const send = () =>
      api(`/v1/events/${eventId}/check-ins`, {
        method: "POST",
        headers: { ...ADMIN, "idempotency-key": `scan-${ticket?.id}` },
        body: JSON.stringify({ code: ticket?.code, gate: "north-1" }),
      });
    const first = await send();
    const retry = await send();
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(await first.json());
  });

  it("needs the operator key, and a well-formed event id and body", async () => {
    const eventId = newEvent();
    const [ticket] = await issue(eventId);
    const anonymous = await api(`/v1/events/${eventId}/check-ins`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: ticket?.code, gate: "north-1" }),
    });
    expect(anonymous.status).toBe(401);
    expect((await checkIn("dep_123", { code: ticket?.code, gate: "north-1" })).status).toBe(404);
    expect((await checkIn(eventId, { code: ticket?.code, gate: "north\r\n1" })).status).toBe(400);
    expect((await checkIn(eventId, { code: ticket?.code, gate: "n", extra: 1 })).status).toBe(400);
    const unused = await env.DB.prepare("SELECT count(*) AS n FROM event_check_ins WHERE ticket_id = ?")
      .bind(ticket?.id)
      .first();
    expect(unused).toEqual({ n: 0 });
  });
});

describe("check-in budget", () => {
  it("spends the door budget (per network, not the write budget): over it, 429 RATE_LIMITED", async () => {
    const eventId = newEvent();
    const tickets = await issue(eventId, 3);
    const budgets = JSON.stringify({
      door: { requests: 2, windowSeconds: 60 },
      write: { requests: 1, windowSeconds: 60 },
    });
    const client = appClient(envWithRedis({ ...env, RATE_LIMIT_OVERRIDES: budgets }));
    const { ip } = uniqueCaller();
    const scan = (code: string | undefined) =>
      client(`/v1/events/${eventId}/check-ins`, {
        method: "POST",
        headers: { ...ADMIN, "cf-connecting-ip": ip },
        body: JSON.stringify({ code, gate: "north-1" }),
      });
    const statuses = [];
    for (const ticket of tickets) statuses.push(await scan(ticket.code));
    expect(statuses.map((r) => r.status)).toEqual([201, 201, 429]);
    expect(statuses[0]?.headers.get("ratelimit-policy")).toBe('"door";q=2;w=60');
    expect(await statuses[2]?.json()).toMatchObject({ code: "RATE_LIMITED" });
  });
});

describe("ticket key rotation", () => {
  it("accepts tickets of the retired key and of the new one, and serves both public keys", async () => {
    const eventId = newEvent();
    const [old] = await issue(eventId);
    const next = await generateTicketKey("test-2");
    const retired = ticketJwks(env);
    const rotated = { ...env, TICKET_SIGNING_KEY: next.secret, TICKET_VERIFY_KEYS: JSON.stringify(retired) };
    const client = appClient(rotated);
    const [fresh] = await issue(eventId, 1, rotated);

    const keys = await (await client("/v1/events/ticket-keys")).json();
    expect(keys).toEqual({
      keys: [
        { ...next.publicJwk, alg: "EdDSA", use: "sig" },
        { ...retired.keys[0], alg: "EdDSA", use: "sig" },
      ],
    });
    expect((await checkIn(eventId, { code: old?.code, gate: "a" }, client)).status).toBe(201);
    expect((await checkIn(eventId, { code: fresh?.code, gate: "a" }, client)).status).toBe(201);

    // Once the old key is dropped from TICKET_VERIFY_KEYS, its tickets are refused.
    const [late] = await issue(eventId);
    const dropped = appClient({ ...env, TICKET_SIGNING_KEY: next.secret });
    const res = await checkIn(eventId, { code: late?.code, gate: "a" }, dropped);
    expect(await res.json()).toMatchObject({ code: "TICKET_INVALID", reason: "unknown_key" });
  });

  it("serves the key set for door apps, cacheable for five minutes", async () => {
    const res = await api("/v1/events/ticket-keys");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await res.json()).toEqual(ticketJwks(env));
  });

  it("answers 503 TICKETS_UNAVAILABLE without keys, for the key set and for check-ins", async () => {
    const bare = appClient({ ...env, TICKET_SIGNING_KEY: undefined, TICKET_VERIFY_KEYS: undefined });
    const keys = await bare("/v1/events/ticket-keys");
    expect(keys.status).toBe(503);
    expect(await keys.json()).toEqual(
      problem("TICKETS_UNAVAILABLE", 503, "Ticket signing keys are not configured", "No ticket keys are configured."),
    );
    expect((await checkIn(newEvent(), { code: "abc", gate: "a" }, bare)).status).toBe(503);
  });
});
