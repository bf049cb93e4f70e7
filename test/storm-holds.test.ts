import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { HOLD_POLICY } from "../src/inventory/policy";
import { api } from "./support/app-client";
import { inventoryObject, openInventory, withInventory } from "./support/inventory";
import { expectSeats } from "./support/payment-events";

const REQUESTS = 520;
const CAPACITY = { economy: 60, premium: 30, business: 10 } as const;
type Cabin = keyof typeof CAPACITY;
const CABINS = Object.keys(CAPACITY) as Cabin[];

/** Request i: classes in turn, 1..4 passengers, and a client of its own (no per-client limit decides). */
const shape = (i: number) => ({ cabin: CABINS[i % 3] as Cabin, passengers: (Math.floor(i / 3) % 4) + 1 });

describe("a storm of concurrent holds on one departure with 100 seats in three classes", () => {
  it("grants exactly the 100 seats, never more per class; expiry gives all back; ledger and counts agree", async () => {
    const { departureId, clock, inventory } = await openInventory("storm", {
      fares: CABINS.map((cabin) => ({ cabin, capacity: CAPACITY[cabin], priceMinor: 10_000 })),
    });
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        api("https://edgefare.test/v1/holds", {
          method: "POST",
          headers: { "content-type": "application/json", "cf-connecting-ip": `203.0.113.${i % 250}` },
          body: JSON.stringify({ departure_id: departureId, ...shape(i) }),
        }),
      ),
    );

    const granted: { id: string; cabin: Cabin; seats: number }[] = [];
    for (const [i, res] of responses.entries()) {
      const body = await res.json<Record<string, unknown>>();
      if (res.status === 201) {
        granted.push(body as unknown as { id: string; cabin: Cabin; seats: number });
        continue;
      }
      // Every refusal is the documented problem, and only when the class truly lacked the seats.
      expect(res.status).toBe(409);
      expect(body).toMatchObject({ code: "INSUFFICIENT_SEATS", status: 409 });
      expect(body.seats_left).toBeLessThan(shape(i).passengers);
    }
    const seatsIn = (cabin: Cabin) => granted.filter((h) => h.cabin === cabin).reduce((n, h) => n + h.seats, 0);
    expect(Object.fromEntries(CABINS.map((c) => [c, seatsIn(c)]))).toEqual(CAPACITY);
    expect(new Set(granted.map((h) => h.id)).size).toBe(granted.length);

    const full = Object.fromEntries(CABINS.map((c) => [c, { capacity: CAPACITY[c], held: CAPACITY[c], sold: 0 }]));
    await expectSeats(inventory, full);
    const ledger = await inventory.ledger(0, 500);
    const placed = ledger.filter((e) => e.kind === "hold_placed");
    expect(placed.map((e) => e.holdId).sort()).toEqual(granted.map((h) => h.id).sort());

    // Past every deadline: the object's alarm (driven by hand, on the object's clock) expires them all.
    clock.advance((HOLD_POLICY.defaultTtlSeconds + 1) * 1000);
    expect(await runDurableObjectAlarm(inventoryObject(departureId))).toBe(true);
    const empty = Object.fromEntries(CABINS.map((c) => [c, { capacity: CAPACITY[c], held: 0, sold: 0 }]));
    await expectSeats(inventory, empty);
    const expired = (await inventory.ledger(0, 500)).filter((e) => e.kind === "hold_expired");
    expect(expired.map((e) => e.holdId).sort()).toEqual(granted.map((h) => h.id).sort());
    const after = await Promise.all(granted.map((h) => api(`https://edgefare.test/v1/holds/${h.id}`)));
    expect(new Set(await Promise.all(after.map(async (r) => (await r.json<{ status: string }>()).status)))).toEqual(
      new Set(["expired"]),
    );

    // Search's published copy in D1 follows once the object's last publish has landed.
    await withInventory(departureId, (object) => object.publisher.idle());
    const { results } = await env.DB.prepare(
      "SELECT cabin, seats_available FROM fare_classes WHERE departure_id = ? ORDER BY cabin",
    )
      .bind(departureId)
      .all<{ cabin: Cabin; seats_available: number }>();
    expect(Object.fromEntries(results.map((r) => [r.cabin, r.seats_available]))).toEqual(CAPACITY);
  });
});
