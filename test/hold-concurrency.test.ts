import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { inventoryStub } from "../src/inventory/stub";
import { api } from "./support/app-client";
import { seedDeparture } from "./support/inventory";

const REQUESTS = 300;

describe("many clients racing for the last seats", () => {
  it("grants exactly the capacity, refuses the rest with a full problem, and the ledger agrees", async () => {
    const departureId = await seedDeparture("race", {
      fares: [
        { cabin: "economy", capacity: 4, priceMinor: 9_900 },
        { cabin: "business", capacity: 3, priceMinor: 39_900 },
      ],
    });
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        api("https://edgefare.test/v1/holds", {
          method: "POST",
          // A different client each: a per-client rate limit must not be what refuses them.
          headers: { "content-type": "application/json", "cf-connecting-ip": `198.51.100.${i % 250}` },
          body: JSON.stringify({ departure_id: departureId, cabin: i % 2 ? "business" : "economy", passengers: 1 }),
        }),
      ),
    );
    const granted = [];
    const refused = [];
    for (const res of responses) {
      if (res.status === 201) granted.push(await res.json<{ id: string; cabin: string }>());
      else
        refused.push({
          status: res.status,
          body: await res.json<Record<string, unknown>>(),
          rid: res.headers.get("x-request-id"),
        });
    }

    expect(granted).toHaveLength(7);
    expect(granted.filter((h) => h.cabin === "economy")).toHaveLength(4);
    expect(new Set(granted.map((h) => h.id)).size).toBe(7);
    expect(refused).toHaveLength(REQUESTS - 7);
    for (const { status, body, rid } of refused) {
      const cabin = body.detail === "Only 0 economy seats left." ? "economy" : "business";
      expect(status).toBe(409);
      expect(body).toEqual({
        type: "https://edgefare.dev/problems/insufficient-seats",
        title: "Not enough seats left",
        status: 409,
        code: "INSUFFICIENT_SEATS",
        detail: `Only 0 ${cabin} seats left.`,
        seats_left: 0,
        instance: "/v1/holds",
        request_id: rid,
      });
    }

    const inventory = inventoryStub(env, departureId);
    const ledger = await inventory.ledger(0, 500);
    expect(
      ledger
        .filter((e) => e.kind === "hold_placed")
        .map((e) => e.holdId)
        .sort(),
    ).toEqual(granted.map((h) => h.id).sort());
    const expected = { economy: { capacity: 4, held: 4, sold: 0 }, business: { capacity: 3, held: 3, sold: 0 } };
    expect(await inventory.audit()).toEqual({ ok: true, counts: expected, replayed: expected, violations: [] });
  });
});
