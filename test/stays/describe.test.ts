import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import type { HoldView, RefundStep } from "../../src/inventory/contract";
import { addDays } from "../../src/lib/time";
import { describeStay, policySummary, refundPolicyOf } from "../../src/products/stays/describe";
import { definePools } from "../../src/products/stays/inventory/source";
import { localMidnightMs } from "../../src/products/stays/rules/refund";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture } from "../support/stays";

const db = createDb(env.DB);
const TZ = "Europe/Paris";
const checkIn = inDays(40);

/** The engine's rule (ENGINE.md): the first step whose `before` is after now applies; after the last, nothing. */
const refundAt = (steps: readonly RefundStep[], totalMinor: number, now: number) =>
  Math.floor((totalMinor * (steps.find((s) => s.before > now)?.refundBps ?? 0)) / 10_000);

async function holdOf(roomTypeId: string, nights: number, rooms: number): Promise<HoldView> {
  const names = Array.from({ length: nights }, (_, i) => `${roomTypeId}@${addDays(checkIn, i)}`);
  // Lines in reverse: the stay's terms must not depend on line order.
  const pools = (await definePools({ db }, "prp_ds_paris", names, Date.now())).reverse();
  const lines = pools.map((p) => ({
    pool: p.pool,
    label: p.label,
    quantity: rooms,
    unitPriceMinor: p.priceMinor,
    totalMinor: p.priceMinor * rooms,
    refundPolicy: p.refundPolicy,
  }));
  return {
    holdId: "hld_ds",
    unitId: "prp_ds_paris",
    product: "stays",
    lines,
    totalMinor: lines.reduce((s, l) => s + l.totalMinor, 0),
    currency: "EUR",
    status: "held",
    expiresAt: 0,
    extended: false,
    bookingId: null,
    createdAt: 0,
    context: { adults: 2, children: 1 },
  };
}

beforeAll(async () => {
  await insertFixture(env.DB, {
    properties: [
      fixtureProperty("prp_ds_paris", {
        name: "Hôtel du Marais",
        address: "12 rue des Archives, Paris",
        cityCode: "PAR",
        currency: "EUR",
        timezone: TZ,
        checkInFrom: "15:00",
        checkOutUntil: "11:30",
      }),
    ],
    roomTypes: [
      fixtureRoomType("rt_ds_double", "prp_ds_paris", {
        name: "Double",
        freeCancellationDays: 3,
        cancellationPenaltyPct: 40,
      }),
      fixtureRoomType("rt_ds_saver", "prp_ds_paris", {
        name: "Saver",
        freeCancellationDays: null,
        cancellationPenaltyPct: 100,
      }),
    ],
  });
});

describe("a stay's booking item", () => {
  it("describes the stay with the property's times in its zone, the room, the party and the terms", async () => {
    const hold = await holdOf("rt_ds_double", 3, 2);
    const described = await describeStay({ db }, hold);
    const free = localMidnightMs(addDays(checkIn, -3), TZ);
    const arrival = localMidnightMs(checkIn, TZ);
    expect(refundPolicyOf(hold)).toEqual([
      { before: free, refundBps: 10_000 },
      { before: arrival, refundBps: 6_000 },
    ]);
    if (!described) throw new Error("not described");
    const { snapshot } = described;
    expect(snapshot).toMatchObject({
      title: "Hôtel du Marais: 2 × Double, 3 nights",
      location: "12 rue des Archives, Paris",
      startLabel: "Check-in",
      calendarSummary: "Stay at Hôtel du Marais",
    });
    expect(described.timezone).toBe(TZ);
    // 15:00 and 11:30 in Paris, whatever the offset of the day.
    const local = (s: number) => new Date(s * 1000).toLocaleString("en-GB", { timeZone: TZ });
    expect(local(described.startsAt)).toMatch(/, 15:00:00$/);
    expect(local(described.endsAt ?? 0)).toMatch(/, 11:30:00$/);
    expect(new Date(described.startsAt * 1000).toISOString().slice(0, 10) <= checkIn).toBe(true);
    const details = Object.fromEntries(snapshot.details);
    expect(details).toMatchObject({
      Property: "Hôtel du Marais",
      Room: "2 × Double",
      Nights: "3",
      Guests: "2 adults, 1 child",
    });
    expect(details["Check-in"]).toMatch(new RegExp(`^\\w{3} ${checkIn} from 15:00$`));
    expect(details["Check-out"]).toMatch(new RegExp(`^\\w{3} ${addDays(checkIn, 3)} until 11:30$`));
    expect(details.Cancellation).toBe(
      `Full refund until ${addDays(checkIn, -3)} 00:00 (${TZ}); then 60 % refunded until ${checkIn} 00:00 (${TZ}); no refund after.`,
    );
  });

  it("refunds by the check-in's terms for every night: all until the deadline, less the penalty until arrival, then nothing", async () => {
    const hold = await holdOf("rt_ds_double", 4, 1);
    const steps = refundPolicyOf(hold);
    const free = localMidnightMs(addDays(checkIn, -3), TZ);
    const arrival = localMidnightMs(checkIn, TZ);
    expect(refundAt(steps, hold.totalMinor, free - 1)).toBe(40_000);
    expect(refundAt(steps, hold.totalMinor, free)).toBe(24_000);
    expect(refundAt(steps, hold.totalMinor, arrival - 1)).toBe(24_000);
    expect(refundAt(steps, hold.totalMinor, arrival)).toBe(0);
  });

  it("says a non-refundable rate is non-refundable", async () => {
    const hold = await holdOf("rt_ds_saver", 1, 1);
    expect(refundPolicyOf(hold)).toEqual([{ before: localMidnightMs(checkIn, TZ), refundBps: 0 }]);
    expect(policySummary(refundPolicyOf(hold), TZ)).toBe("Non-refundable.");
  });

  it("describes nothing for a hold whose room type is not the property's", async () => {
    const hold = await holdOf("rt_ds_double", 1, 1);
    expect(await describeStay({ db }, { ...hold, unitId: "prp_ds_other" })).toBeNull();
  });
});
