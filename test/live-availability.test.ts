import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, openSocket } from "./support/app-client";
import { placeHold } from "./support/bookings";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture } from "./support/stays";

interface Message {
  type: string;
  pools: { pool: string; label: string; available: number }[];
}

/** Messages as they arrive, and a wait for the first one that satisfies a condition. */
function listen(socket: WebSocket) {
  const seen: Message[] = [];
  const waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as Message;
    seen.push(message);
    for (const w of waiters.filter((w) => w.test(message))) w.resolve(message);
  });
  return {
    seen,
    next: (test: (m: Message) => boolean) =>
      new Promise<Message>((resolve) => {
        const already = seen.find(test);
        if (already) resolve(already);
        else waiters.push({ test, resolve });
      }),
  };
}

const economy = (m: Message) => m.pools.find((p) => p.pool === "economy")?.available;

describe("live availability", () => {
  it("pushes what a hold could get to an open page at once and after every change", async () => {
    const departureId = await seedDeparture("live-ws", {
      fares: [{ cabin: "economy", capacity: 6, priceMinor: 5_000 }],
    });
    const { status, socket } = await openSocket(`/v1/units/${departureId}/live`);
    expect(status).toBe(101);
    if (!socket) throw new Error("no socket");
    const messages = listen(socket);
    expect(economy(await messages.next(() => true))).toBe(6);
    await placeHold(departureId, 2);
    expect(economy(await messages.next((m) => economy(m) === 4))).toBe(4);
    socket.close();
  });

  it("answers the same numbers as JSON to a page that polls", async () => {
    const departureId = await seedDeparture("live-poll", {
      fares: [{ cabin: "economy", capacity: 3, priceMinor: 5_000 }],
    });
    const res = await api(`/v1/units/${departureId}/live`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      unit_id: departureId,
      as_of: expect.any(String),
      data: [{ pool: "economy", label: "Economy", available: 3 }],
    });
  });

  it("keeps a property's page live before anyone has held one of its nights, and pushes the first hold", async () => {
    await insertFixture(env.DB, {
      properties: [fixtureProperty("prp_live_fresh", { cityCode: "OSL", currency: "NOK", timezone: "Europe/Oslo" })],
      roomTypes: [fixtureRoomType("rt_live_fresh", "prp_live_fresh")],
    });
    const polled = await api("/v1/units/prp_live_fresh/live");
    expect(polled.status).toBe(200);
    expect((await polled.json<{ data: unknown[] }>()).data).toEqual([]);

    const { status, socket } = await openSocket("/v1/units/prp_live_fresh/live");
    expect(status).toBe(101);
    if (!socket) throw new Error("no socket");
    const messages = listen(socket);
    expect((await messages.next(() => true)).pools).toEqual([]);
    const held = await api("/v1/holds", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip },
      body: JSON.stringify({
        property_id: "prp_live_fresh",
        room_type_id: "rt_live_fresh",
        check_in: inDays(20),
        check_out: inDays(21),
        rooms: 1,
        adults: 1,
        children: 0,
      }),
    });
    expect(held.status).toBe(201);
    const night = await messages.next((m) => m.pools.length > 0);
    expect(night.pools.map((p) => p.pool)).toEqual([`rt_live_fresh@${inDays(20)}`]);
    socket.close();
  });

  it("refuses a unit that does not exist, without opening a socket", async () => {
    for (const id of ["dep_nothing_here", "xyz_1"]) {
      const res = await api(`/v1/units/${id}/live`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: "UNIT_NOT_FOUND" });
      expect((await openSocket(`/v1/units/${id}/live`)).status).toBe(404);
    }
  });
});
