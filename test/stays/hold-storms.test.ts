import { env } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newHoldId } from "../../src/holds/hold-id";
import { inventoryStub } from "../../src/inventory/stub";
import { createRng } from "../../src/lib/prng";
import { addDays } from "../../src/lib/time";
import { post } from "../support/bookings";
import { uniqueCaller } from "../support/limited-app";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture } from "../support/stays";

const city = { cityCode: "WLG", currency: "NZD", timezone: "Pacific/Auckland" };
const FIRST = inDays(10);
const WINDOW = 10;
const nightAt = (i: number) => addDays(FIRST, i);

async function property(label: string, roomCount: number): Promise<{ propertyId: string; roomTypeId: string }> {
  const tag = `${label}_${crypto.randomUUID().slice(0, 8)}`;
  const propertyId = `prp_${tag}`;
  const roomTypeId = `rt_${tag}`;
  await insertFixture(env.DB, {
    properties: [fixtureProperty(propertyId, city)],
    roomTypes: [fixtureRoomType(roomTypeId, propertyId, { roomCount, maxAdults: 2, maxChildren: 0 })],
  });
  return { propertyId, roomTypeId };
}

/** Rooms held per night of the window as the object counts them (a pool never touched holds none). */
async function heldPerNight(propertyId: string, roomTypeId: string): Promise<number[]> {
  const pools = new Map((await inventoryStub(env, propertyId).availability()).map((p) => [p.pool, p]));
  return Array.from({ length: WINDOW }, (_, i) => {
    const p = pools.get(`${roomTypeId}@${nightAt(i)}`);
    return p ? p.held + p.sold : 0;
  });
}

describe("stays under contention", () => {
  it("never holds a night past its room count when overlapping stays of random lengths race over HTTP", async () => {
    const { propertyId, roomTypeId } = await property("storm", 3);
    const rng = createRng(8);
    const stays = Array.from({ length: 40 }, () => {
      const start = rng.int(0, WINDOW - 1);
      const nights = rng.int(1, Math.min(5, WINDOW - start));
      const rooms = rng.int(1, 2);
      return { start, nights, rooms };
    });
    const answers = await Promise.all(
      stays.map(async (s) => {
        const res = await post(
          "/v1/holds",
          {
            property_id: propertyId,
            room_type_id: roomTypeId,
            check_in: nightAt(s.start),
            check_out: nightAt(s.start + s.nights),
            rooms: s.rooms,
            adults: s.rooms,
          },
          { "cf-connecting-ip": uniqueCaller().ip },
        );
        const body = await res.json<{ code?: string }>();
        return { ...s, status: res.status, code: body.code ?? null };
      }),
    );
    // Every answer is a hold or "not enough rooms": nothing else, no 5xx.
    expect(new Set(answers.map((a) => `${a.status} ${a.code}`))).toEqual(
      new Set(["201 null", "409 INSUFFICIENT_ROOMS"]),
    );
    const granted = answers.filter((a) => a.status === 201);
    const expected = Array.from({ length: WINDOW }, (_, i) =>
      granted.filter((g) => g.start <= i && i < g.start + g.nights).reduce((sum, g) => sum + g.rooms, 0),
    );
    expect(expected.every((n) => n <= 3)).toBe(true);
    expect(await heldPerNight(propertyId, roomTypeId)).toEqual(expected);
    const audit = await inventoryStub(env, propertyId).audit();
    expect(audit).toMatchObject({ ok: true, violations: [] });
    expect(audit.replayed).toEqual(audit.counts);
  });

  it("grants a multi-night hold exactly when the model has every night's rooms, and releases return them (fast-check, object RPC)", async () => {
    const command = fc.oneof(
      fc.record({
        kind: fc.constant("place" as const),
        start: fc.integer({ min: 0, max: 5 }),
        nights: fc.integer({ min: 1, max: 4 }),
        rooms: fc.integer({ min: 1, max: 3 }),
      }),
      fc.record({ kind: fc.constant("release" as const), index: fc.nat({ max: 20 }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(command, { minLength: 1, maxLength: 12 }),
        async (capacity, commands) => {
          const { propertyId, roomTypeId } = await property("model", capacity);
          const inventory = inventoryStub(env, propertyId);
          const model = new Array<number>(WINDOW).fill(0);
          const live: { holdId: string; start: number; nights: number; rooms: number; released: boolean }[] = [];
          for (const c of commands) {
            if (c.kind === "place") {
              const nights = Array.from({ length: c.nights }, (_, i) => c.start + i);
              const fits = nights.every((n) => (model[n] ?? 0) + c.rooms <= capacity);
              const holdId = newHoldId(propertyId);
              const placed = await inventory.placeHold({
                holdId,
                unitId: propertyId,
                lines: nights.map((n) => ({ pool: `${roomTypeId}@${nightAt(n)}`, quantity: c.rooms })),
                ttlSeconds: 600,
                context: { adults: c.rooms, children: 0 },
              });
              expect(placed.ok ? "granted" : placed.error.code).toBe(fits ? "granted" : "INSUFFICIENT_ROOMS");
              if (placed.ok) {
                for (const n of nights) model[n] = (model[n] ?? 0) + c.rooms;
                live.push({ holdId, start: c.start, nights: c.nights, rooms: c.rooms, released: false });
              }
            } else {
              const hold = live[c.index % Math.max(1, live.length)];
              if (!hold) continue;
              const released = await inventory.releaseHold(hold.holdId, "model");
              expect(released.ok && released.value.status).toBe("released");
              if (!hold.released) {
                for (let n = hold.start; n < hold.start + hold.nights; n++) model[n] = (model[n] ?? 0) - hold.rooms;
                hold.released = true;
              }
            }
            expect(await heldPerNight(propertyId, roomTypeId)).toEqual(model);
          }
          expect((await inventory.audit()).ok).toBe(true);
        },
      ),
      { numRuns: 20 },
    );
  });
});
