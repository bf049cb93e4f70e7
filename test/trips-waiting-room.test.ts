import { describe, expect, it } from "vitest";
import { api } from "./support/app-client";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";
import { audited, heldSeats } from "./support/trips";

const ADMIN = { authorization: "Bearer test-admin-key", "content-type": "application/json" };
const FARES = [{ cabin: "economy" as const, capacity: 10, priceMinor: 9_900 }];

interface Place {
  position: number;
  ready_at: string;
  pass: string;
}

const seats = (departure_id: string) => ({ departure_id, cabin: "economy", passengers: 1 });

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return api(path, {
    method: "POST",
    headers: { "cf-connecting-ip": uniqueCaller().ip, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return res.json<Record<string, unknown>>();
}

/** A departure selling through a room admitting `rate` holds a second, and one without a room. */
async function units(label: string, rate: number) {
  const gated = await seedDeparture(`${label}-room`, { fares: FARES });
  const open = await seedDeparture(`${label}-free`, { fares: FARES });
  const until = new Date(Date.now() + 3_600_000).toISOString();
  const res = await api(`/v1/admin/waiting-rooms/${gated}`, {
    method: "PUT",
    headers: ADMIN,
    body: JSON.stringify({ rate_per_second: rate, until }),
  });
  expect(res.status).toBe(200);
  return { gated, open };
}

const join = async (unitId: string) =>
  (await api(`/v1/waiting-rooms/${unitId}/join`, { method: "POST" })).json<Place>();

describe("a trip with an item on a unit selling through a waiting room", () => {
  it("is refused without that unit's pass, as POST /v1/holds is, holding nothing", async () => {
    const { gated, open } = await units("trip-wr-required", 50);
    const res = await post("/v1/trips", { items: [seats(open), seats(gated)] });
    expect(res.status).toBe(429);
    expect(await problem(res)).toEqual({
      type: "https://edgefare.dev/problems/waiting-room-required",
      title: "This unit is selling through a waiting room",
      status: 429,
      code: "WAITING_ROOM_REQUIRED",
      detail: `${gated} is selling through a waiting room: join the line for a pass.`,
      join: `/v1/waiting-rooms/${gated}/join`,
      item: 1,
      instance: "/v1/trips",
      request_id: res.headers.get("x-request-id"),
    });
    expect(await Promise.all([gated, open].map(heldSeats))).toEqual([0, 0]);
  });

  it("is held with the unit's pass, which takes one hold whichever way it is used again", async () => {
    const { gated, open } = await units("trip-wr-pass", 50);
    const place = await join(gated);
    const headers = { "waiting-room-pass": place.pass };
    const body = { items: [seats(gated), seats(open)] };
    const res = await post("/v1/trips", body, headers);
    expect(res.status).toBe(201);
    const trip = await res.json<{ id: string; status: string; items: { hold: { id: string } }[] }>();
    expect(trip.status).toBe("held");

    // The same pass again: the same trip; on POST /v1/holds, the trip's hold of that unit.
    const again = await post("/v1/trips", body, headers);
    expect((await again.json<{ id: string }>()).id).toBe(trip.id);
    const direct = await post("/v1/holds", seats(gated), headers);
    expect(direct.status).toBe(201);
    expect((await direct.json<{ id: string }>()).id).toBe(trip.items[0]?.hold.id);
    expect(await Promise.all([gated, open].map(heldSeats))).toEqual([1, 1]);
    expect(await audited([gated, open])).toEqual([true, true]);
  });

  it("refuses another unit's pass, and one whose turn has not come with Retry-After", async () => {
    const { gated, open } = await units("trip-wr-wrong", 1);
    const other = await units("trip-wr-other", 50);
    const foreign = await join(other.gated);
    const wrong = await post(
      "/v1/trips",
      { items: [seats(open), seats(gated)] },
      { "waiting-room-pass": foreign.pass },
    );
    expect(wrong.status).toBe(403);
    expect(await problem(wrong)).toMatchObject({ code: "WAITING_ROOM_PASS_INVALID", item: 1 });

    // At one a second, the tenth in line waits about nine seconds: far longer than this request.
    const places = await Promise.all(Array.from({ length: 10 }, () => join(gated)));
    const last = places.reduce((a, b) => (a.position > b.position ? a : b));
    const early = await post(
      "/v1/trips",
      { items: [seats(open), seats(gated)] },
      // Several passes are sent comma-separated; each unit's is the one naming it.
      { "waiting-room-pass": `${foreign.pass}, ${last.pass}` },
    );
    expect(early.status).toBe(429);
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await problem(early)).toMatchObject({
      code: "WAITING_ROOM_NOT_YET",
      position: last.position,
      ready_at: last.ready_at,
      item: 1,
    });
    expect(await Promise.all([gated, open].map(heldSeats))).toEqual([0, 0]);
  });
});
