import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { addDays } from "../../src/lib/time";
import { definePools } from "../../src/products/stays/inventory/source";
import type { StaysSeed } from "../../src/products/stays/seed/types";
import { inDays, seedStaysWorld, TEST_CITIES } from "../support/stays";
import { modelNight } from "../support/stays-model";

let rows: StaysSeed;
const db = createDb(env.DB);

beforeAll(async () => {
  ({ rows } = await seedStaysWorld(env.DB));
});

describe("nights materialised for the inventory object", () => {
  it("match search's model of the seeded data: the rules, layered overrides and closures, without what was published", async () => {
    const open = new Set(
      rows.properties
        .filter((p) => p.status === "open" && (TEST_CITIES as readonly string[]).includes(p.cityCode))
        .map((p) => p.id),
    );
    const roomTypes = rows.roomTypes.filter((rt) => open.has(rt.propertyId));
    // Nothing the object published is read back: it owns those numbers.
    const nothingPublished = new Map();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...roomTypes),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 30 }),
        async (rt, ahead, nights) => {
          const dates = Array.from({ length: nights }, (_, i) => addDays(inDays(ahead), i));
          const pools = await definePools(
            { db },
            rt.propertyId,
            dates.map((d) => `${rt.id}@${d}`),
            Date.now(),
          );
          expect(
            pools.map((p) => [
              p.pool,
              p.capacity,
              p.priceMinor,
              p.attrs.minStay,
              p.attrs.closed,
              p.attrs.closedToArrival,
            ]),
          ).toEqual(
            dates.map((d) => {
              const n = modelNight(rows, nothingPublished, rt.id, d);
              return [`${rt.id}@${d}`, rt.roomCount, n.priceMinor, n.minStay, n.closed, n.closedToArrival];
            }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
