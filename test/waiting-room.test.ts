import { describe, expect, it } from "vitest";
import { api } from "./support/app-client";
import { seedDeparture } from "./support/inventory";

const ADMIN = { authorization: "Bearer test-admin-key", "content-type": "application/json" };
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

const openRoom = (unitId: string, body: unknown, headers: Record<string, string> = ADMIN) =>
  api(`/v1/admin/waiting-rooms/${unitId}`, { method: "PUT", headers, body: JSON.stringify(body) });
const closeRoom = (unitId: string) => api(`/v1/admin/waiting-rooms/${unitId}`, { method: "DELETE", headers: ADMIN });
const join = (unitId: string) => api(`/v1/waiting-rooms/${unitId}/join`, { method: "POST" });
const hold = (departureId: string, pass?: string) =>
  api("/v1/holds", {
    method: "POST",
    headers: { "content-type": "application/json", ...(pass ? { "waiting-room-pass": pass } : {}) },
    body: JSON.stringify({ departure_id: departureId, cabin: "economy", passengers: 1 }),
  });

interface Place {
  position: number;
  ready_at: string;
  ready: boolean;
  pass: string;
}

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return res.json<Record<string, unknown>>();
}

async function roomOn(label: string, ratePerSecond: number, capacity = 40) {
  const departureId = await seedDeparture(label, { fares: [{ cabin: "economy", capacity, priceMinor: 9_900 }] });
  const res = await openRoom(departureId, { rate_per_second: ratePerSecond, until: inAnHour() });
  expect(res.status).toBe(200);
  return departureId;
}

describe("a unit selling through a waiting room", () => {
  it("refuses a hold without a pass and says where to join", async () => {
    const departureId = await roomOn("wr-required", 5);
    const res = await hold(departureId);
    expect(res.status).toBe(429);
    expect(await problem(res)).toEqual({
      type: "https://edgefare.dev/problems/waiting-room-required",
      title: "This unit is selling through a waiting room",
      status: 429,
      code: "WAITING_ROOM_REQUIRED",
      detail: `${departureId} is selling through a waiting room: join the line for a pass.`,
      join: `/v1/waiting-rooms/${departureId}/join`,
      instance: "/v1/holds",
      request_id: expect.any(String),
    });
  });

  it("hands out places in join order, spaced at the room's rate, under a crowd joining at once", async () => {
    const departureId = await roomOn("wr-order", 5);
    const answers = await Promise.all(Array.from({ length: 20 }, () => join(departureId)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
    const places = (await Promise.all(answers.map((r) => r.json<Place>()))).sort((a, b) => a.position - b.position);
    expect(places.map((p) => p.position)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const readyAt = places.map((p) => Date.parse(p.ready_at));
    expect(readyAt.slice(1).map((at, i) => at - (readyAt[i] ?? 0))).toEqual(Array(19).fill(200));
    const room = await api(`/v1/admin/waiting-rooms/${departureId}`, { headers: ADMIN });
    expect(await room.json()).toMatchObject({ unit_id: departureId, open: true, rate_per_second: 5, joined: 20 });
  });

  it("admits one hold per pass whose turn has come, and makes a later pass wait with Retry-After", async () => {
    const departureId = await roomOn("wr-admit", 1);
    const first = await (await join(departureId)).json<Place>();
    // The tenth in line at one a second waits nine seconds: far longer than a slow machine's request.
    const later = await Promise.all(Array.from({ length: 9 }, async () => (await join(departureId)).json<Place>()));
    const second = later.reduce((a, b) => (a.position > b.position ? a : b));
    expect(first.ready).toBe(true);

    const placed = await hold(departureId, first.pass);
    expect(placed.status).toBe(201);
    const again = await hold(departureId, first.pass);
    expect(again.status).toBe(201);
    expect((await again.json<{ id: string }>()).id).toBe((await placed.json<{ id: string }>()).id);

    const early = await hold(departureId, second.pass);
    expect(early.status).toBe(429);
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await problem(early)).toMatchObject({
      code: "WAITING_ROOM_NOT_YET",
      position: 10,
      ready_at: second.ready_at,
    });
    const status = await api(`/v1/waiting-rooms/${departureId}/place`, {
      headers: { "waiting-room-pass": second.pass },
    });
    expect(await status.json()).toMatchObject({ position: 10, ready: false, ready_at: second.ready_at });
  });

  it("refuses forged passes and passes of another unit or of an earlier room", async () => {
    const a = await roomOn("wr-forged-a", 50);
    const b = await roomOn("wr-forged-b", 50);
    const passOfB = (await (await join(b)).json<Place>()).pass;
    const [prefix, payload, mac] = passOfB.split(".");
    for (const pass of [passOfB, `${prefix}.${payload}.${mac?.slice(1)}`, "wr1.x.y"]) {
      const res = await hold(a, pass);
      expect(res.status).toBe(403);
      expect(await problem(res)).toMatchObject({
        code: "WAITING_ROOM_PASS_INVALID",
        join: `/v1/waiting-rooms/${a}/join`,
      });
    }
    const passOfA = (await (await join(a)).json<Place>()).pass;
    expect((await closeRoom(a)).status).toBe(200);
    expect((await openRoom(a, { rate_per_second: 50, until: inAnHour() })).status).toBe(200);
    const stale = await hold(a, passOfA);
    expect(stale.status).toBe(403);
  });

  it("never sells more than the object has, however many passes are admitted at once", async () => {
    const departureId = await roomOn("wr-storm", 1_000, 4);
    const places = await Promise.all(Array.from({ length: 30 }, async () => (await join(departureId)).json<Place>()));
    const lastReady = Math.max(...places.map((p) => Date.parse(p.ready_at)));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastReady - Date.now()) + 5));
    const answers = await Promise.all(places.map((p) => hold(departureId, p.pass)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(4);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
  });

  it("takes holds directly again once the room is closed", async () => {
    const departureId = await roomOn("wr-closed", 5);
    const closed = await closeRoom(departureId);
    expect(await closed.json()).toMatchObject({ open: false, rate_per_second: null });
    expect((await hold(departureId)).status).toBe(201);
    const res = await join(departureId);
    expect(res.status).toBe(404);
    expect(await problem(res)).toMatchObject({ code: "WAITING_ROOM_NOT_FOUND" });
  });
});

describe("opening a waiting room", () => {
  it("needs an admin or the unit's organiser", async () => {
    const departureId = await seedDeparture("wr-auth");
    const res = await openRoom(
      departureId,
      { rate_per_second: 5, until: inAnHour() },
      { "content-type": "application/json" },
    );
    expect(res.status).toBe(401);
  });

  it("refuses an end in the past or too far ahead, a rate out of range and an unknown unit", async () => {
    const departureId = await seedDeparture("wr-invalid");
    const past = await openRoom(departureId, { rate_per_second: 5, until: new Date(Date.now() - 1000).toISOString() });
    expect(past.status).toBe(400);
    expect(await problem(past)).toMatchObject({
      code: "VALIDATION_FAILED",
      errors: [{ field: "until", message: "out of range" }],
    });
    const far = await openRoom(departureId, {
      rate_per_second: 5,
      until: new Date(Date.now() + 73 * 3_600_000).toISOString(),
    });
    expect(far.status).toBe(400);
    const rate = await openRoom(departureId, { rate_per_second: 0, until: inAnHour() });
    expect(rate.status).toBe(400);
    const unknown = await openRoom("xyz_nothing", { rate_per_second: 5, until: inAnHour() });
    expect(unknown.status).toBe(404);
    expect(await problem(unknown)).toMatchObject({ code: "UNIT_NOT_FOUND" });
  });
});
