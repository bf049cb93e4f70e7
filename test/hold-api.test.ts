import { describe, expect, it } from "vitest";
import { api } from "./support/app-client";
import { seedDeparture } from "./support/inventory";

const FARES = [
  { cabin: "economy" as const, capacity: 4, priceMinor: 12_900 },
  { cabin: "business" as const, capacity: 1, priceMinor: 49_900 },
];

function post(path: string, body?: unknown, headers: Record<string, string> = {}) {
  return api(`https://edgefare.test${path}`, {
    method: "POST",
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const call = (method: string, path: string) => api(`https://edgefare.test${path}`, { method });

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return res.json<Record<string, unknown>>();
}

describe("POST /v1/holds", () => {
  it("holds seats and answers 201 with the hold, its locked price and deadline", async () => {
    const departureId = await seedDeparture("api", { fares: FARES });
    const before = Date.now();
    const res = await post("/v1/holds", { departure_id: departureId, cabin: "economy", passengers: 3 });
    expect(res.status).toBe(201);
    const body = await res.json<Record<string, unknown>>();
    expect(body).toEqual({
      id: expect.stringMatching(/^hld_[0-9a-z]{22}_/),
      product: "departures",
      unit_id: departureId,
      departure_id: departureId,
      cabin: "economy",
      seats: 3,
      unit_price: { amount_minor: 12_900, currency: "EUR" },
      total_price: { amount_minor: 38_700, currency: "EUR" },
      status: "held",
      expires_at: expect.any(String),
      extended: false,
      lines: [
        {
          pool: "economy",
          label: "Economy",
          quantity: 3,
          unit_price: { amount_minor: 12_900, currency: "EUR" },
          total_price: { amount_minor: 38_700, currency: "EUR" },
        },
      ],
    });
    const expiresAt = Date.parse(String(body.expires_at));
    expect(expiresAt).toBeGreaterThanOrEqual(before + 600_000);
    expect(res.headers.get("location")).toBe(`/v1/holds/${body.id}`);
    const read = await call("GET", `/v1/holds/${body.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(body);
  });

  it("answers 409 INSUFFICIENT_SEATS with seats_left when the cabin cannot seat everyone", async () => {
    const departureId = await seedDeparture("full", { fares: FARES });
    const res = await post("/v1/holds", { departure_id: departureId, cabin: "business", passengers: 2 });
    expect(res.status).toBe(409);
    expect(await problem(res)).toEqual({
      type: "https://edgefare.dev/problems/insufficient-seats",
      title: "Not enough seats left",
      status: 409,
      code: "INSUFFICIENT_SEATS",
      detail: "Only 1 business seats left.",
      seats_left: 1,
      instance: "/v1/holds",
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("answers 404 DEPARTURE_NOT_FOUND for a departure that does not exist", async () => {
    const res = await post("/v1/holds", { departure_id: "dep_nowhere", cabin: "economy", passengers: 1 });
    expect(res.status).toBe(404);
    expect(await problem(res)).toEqual({
      type: "https://edgefare.dev/problems/departure-not-found",
      title: "Departure not found",
      status: 404,
      code: "DEPARTURE_NOT_FOUND",
      detail: "Departure dep_nowhere does not exist.",
      instance: "/v1/holds",
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("answers 409 DEPARTURE_DEPARTED for a departure that has left", async () => {
    const departureId = await seedDeparture("gone", { fares: FARES, departsAt: Math.floor(Date.now() / 1000) - 600 });
    const res = await post("/v1/holds", { departure_id: departureId, cabin: "economy", passengers: 1 });
    expect(res.status).toBe(409);
    expect(await problem(res)).toMatchObject({ code: "DEPARTURE_DEPARTED", title: "The departure has already left" });
  });

  it("refuses passengers outside 1..9 before touching the inventory", async () => {
    const departureId = await seedDeparture("pax", { fares: FARES });
    const res = await post("/v1/holds", { departure_id: departureId, cabin: "economy", passengers: 10 });
    expect(res.status).toBe(400);
    expect(await problem(res)).toEqual({
      type: "https://edgefare.dev/problems/validation-failed",
      title: "The request is not valid",
      status: 400,
      code: "VALIDATION_FAILED",
      detail: "passengers: Too big: expected number to be <=9",
      errors: [{ field: "passengers", message: "Too big: expected number to be <=9" }],
      instance: "/v1/holds",
      request_id: res.headers.get("x-request-id"),
    });
  });

  it("answers a retry with the same Idempotency-Key with the same hold and takes the seats once", async () => {
    const departureId = await seedDeparture("idem", { fares: FARES });
    const body = { departure_id: departureId, cabin: "economy", passengers: 2 };
    const headers = { "idempotency-key": "7d1f6b4e-retry" };
    const first = await (await post("/v1/holds", body, headers)).json<{ id: string }>();
    const again = await post("/v1/holds", body, headers);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(first);
    const more = await post("/v1/holds", { ...body, passengers: 3 });
    expect(await problem(more)).toMatchObject({ code: "INSUFFICIENT_SEATS", seats_left: 2 });
  });
});

describe("/v1/holds/{id}", () => {
  it("releases a hold with DELETE, and a second DELETE answers the same released hold", async () => {
    const departureId = await seedDeparture("del", { fares: FARES });
    const hold = await (await post("/v1/holds", { departure_id: departureId, cabin: "business", passengers: 1 })).json<{
      id: string;
    }>();
    const first = await call("DELETE", `/v1/holds/${hold.id}`);
    expect(first.status).toBe(200);
    const released = await first.json<Record<string, unknown>>();
    expect(released).toMatchObject({ id: hold.id, status: "released" });
    const second = await call("DELETE", `/v1/holds/${hold.id}`);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual(released);
    const retaken = await post("/v1/holds", { departure_id: departureId, cabin: "business", passengers: 1 });
    expect(retaken.status).toBe(201);
  });

  it("extends once by ten minutes; asking again answers the extended hold unchanged", async () => {
    const departureId = await seedDeparture("ext", { fares: FARES });
    const hold = await (await post("/v1/holds", { departure_id: departureId, cabin: "economy", passengers: 1 })).json<{
      id: string;
      expires_at: string;
    }>();
    const extended = await post(`/v1/holds/${hold.id}/extend`);
    expect(extended.status).toBe(200);
    const body = await extended.json<{ expires_at: string; extended: boolean }>();
    expect(body.extended).toBe(true);
    expect(Date.parse(body.expires_at) - Date.parse(hold.expires_at)).toBe(600_000);
    const again = await post(`/v1/holds/${hold.id}/extend`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
  });

  it("answers 409 HOLD_STATE_CONFLICT to extending a released hold, extended before or not", async () => {
    const departureId = await seedDeparture("ext-rel", { fares: FARES });
    for (const extendedBefore of [false, true]) {
      const hold = await (
        await post("/v1/holds", { departure_id: departureId, cabin: "economy", passengers: 1 })
      ).json<{
        id: string;
      }>();
      if (extendedBefore) expect((await post(`/v1/holds/${hold.id}/extend`)).status).toBe(200);
      expect((await call("DELETE", `/v1/holds/${hold.id}`)).status).toBe(200);
      const res = await post(`/v1/holds/${hold.id}/extend`);
      expect(res.status, `extended before: ${extendedBefore}`).toBe(409);
      expect(await problem(res)).toEqual({
        type: "https://edgefare.dev/problems/hold-state-conflict",
        title: "The hold's state does not allow this",
        status: 409,
        code: "HOLD_STATE_CONFLICT",
        detail: "A released hold cannot be extended.",
        hold_status: "released",
        instance: `/v1/holds/${hold.id}/extend`,
        request_id: res.headers.get("x-request-id"),
      });
    }
  });

  it("answers 404 HOLD_NOT_FOUND for ids that are not ours or not on that departure", async () => {
    const departureId = await seedDeparture("404", { fares: FARES });
    const real = await (await post("/v1/holds", { departure_id: departureId, cabin: "economy", passengers: 1 })).json<{
      id: string;
    }>();
    const forged = `hld_${"0".repeat(22)}${real.id.slice(26)}`;
    for (const id of ["hld_nonsense", forged]) {
      const res = await call("GET", `/v1/holds/${id}`);
      expect(res.status).toBe(404);
      expect(await problem(res)).toEqual({
        type: "https://edgefare.dev/problems/hold-not-found",
        title: "Hold not found",
        status: 404,
        code: "HOLD_NOT_FOUND",
        detail: `No hold ${id}.`,
        instance: `/v1/holds/${id}`,
        request_id: res.headers.get("x-request-id"),
      });
    }
  });
});

describe("OpenAPI", () => {
  it("documents the holds routes and the Hold schema", async () => {
    const res = await api("https://edgefare.test/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json<{
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(Object.keys(doc.paths["/v1/holds"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/v1/holds/{id}"] ?? {}).sort()).toEqual(["delete", "get"]);
    expect(Object.keys(doc.paths["/v1/holds/{id}/extend"] ?? {})).toEqual(["post"]);
    expect(doc.components.schemas).toHaveProperty("Hold");
    expect(doc.components.schemas).toHaveProperty("PlaceHold");
  });
});
