import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import type { PoolAvailability } from "../../src/inventory/contract";
import { err, ok, type Result } from "../../src/lib/result";
import { settleLapsedOffers } from "../../src/products/events/waitlist/cron";
import type { WaitlistDeps, WaitlistEmail } from "../../src/products/events/waitlist/deps";
import { joinWaitlist } from "../../src/products/events/waitlist/join";
import { closeWaitlistOfCancelledEvent, leaveWaitlist } from "../../src/products/events/waitlist/leave";
import { offerReturnedTickets } from "../../src/products/events/waitlist/offers";
import { insertEventUnit } from "../support/event-units";

/**
 * A fake of the event's object that counts tickets per tier: it stands in for the engine ONLY in
 * these product-side tests (the real object runs in engine-routes.test.ts). It never lets
 * more be held than it has, like the object; it yields between calls so parallel callers interleave.
 */
function fakeInventory(available: Record<string, number>) {
  let seq = 0;
  const holds = new Map<string, { pool: string; quantity: number }>();
  const emails: WaitlistEmail[] = [];
  const tick = () => new Promise((r) => setTimeout(r, Math.random() * 5));
  const deps: WaitlistDeps = {
    db: createDb(env.DB),
    now: () => Date.now(),
    availability: async () =>
      Object.entries(available).map(
        ([pool, n]): PoolAvailability => ({
          pool,
          label: pool,
          capacity: 100,
          held: 0,
          sold: 100 - n,
          available: n,
          priceMinor: 2500,
          currency: "GBP",
        }),
      ),
    placeHold: async ({ lines }): Promise<Result<{ holdId: string; expiresAt: number }>> => {
      await tick();
      const line = lines[0];
      if (!line) throw new Error("no line");
      const left = available[line.pool] ?? 0;
      if (left < line.quantity) return err("INSUFFICIENT_TICKETS", "Not enough tickets left.");
      available[line.pool] = left - line.quantity;
      const holdId = `hld_fake${seq++}`;
      holds.set(holdId, { pool: line.pool, quantity: line.quantity });
      await tick();
      return ok({ holdId, expiresAt: Date.now() + 1_800_000 });
    },
    releaseHold: async (holdId) => {
      const hold = holds.get(holdId);
      if (hold) {
        holds.delete(holdId);
        available[hold.pool] = (available[hold.pool] ?? 0) + hold.quantity;
      }
      return ok(null);
    },
    enqueueEmail: async (email) => {
      emails.push(email);
    },
  };
  return { deps, holds, emails, available };
}

const soldOutEvent = (tiers = [{ id: "tier_ga", capacity: 100, maxPerOrder: 4, remaining: 0 }]) =>
  insertEventUnit(env.DB, { tiers });

const join = (deps: WaitlistDeps, eventId: string, email: string, quantity = 1, tierId = "tier_ga") =>
  joinWaitlist({ deps, input: { eventId, tierId, quantity, email, name: email.split("@")[0] ?? "x" } });

const statuses = (eventId: string) =>
  env.DB.prepare("SELECT email, status, hold_id FROM event_waitlist_entries WHERE event_id = ? ORDER BY seq")
    .bind(eventId)
    .all<{ email: string; status: string; hold_id: string | null }>()
    .then((r) => r.results);

describe("waitlist: joining", () => {
  it("lines travellers up in the order they join, once per address (a repeat join answers the first place)", async () => {
    const fx = await soldOutEvent();
    const { deps, emails } = fakeInventory({ tier_ga: 0 });
    const a = await join(deps, fx.id, "ana@example.com", 2);
    const b = await join(deps, fx.id, "ben@example.com");
    const again = await join(deps, fx.id, " ANA@example.com ", 2);
    expect(a.ok && [a.value.position, a.value.created, typeof a.value.leaveToken]).toEqual([1, true, "string"]);
    expect(b.ok && b.value.position).toBe(2);
    expect(again.ok && again.value).toEqual({
      id: a.ok ? a.value.id : "",
      eventId: fx.id,
      tierId: "tier_ga",
      quantity: 2,
      status: "waiting",
      position: 1,
      created: false,
    });
    expect(emails.map((e) => [e.to, e.dedupeKey.split(":")[0]])).toEqual([
      ["ana@example.com", "waitlist-joined"],
      ["ben@example.com", "waitlist-joined"],
    ]);
  });

  it("refuses a tier that can still sell the quantity, a quantity over the order limit, a tier of another event, a cancelled event, sales closed or not open yet", async () => {
    const fx = await soldOutEvent();
    const other = await insertEventUnit(env.DB, { tiers: [{ id: "tier_other", capacity: 5 }] });
    const cancelled = await insertEventUnit(env.DB, { status: "cancelled" });
    const now = Math.floor(Date.now() / 1000);
    const closed = await insertEventUnit(env.DB, { salesOpenAt: now - 86_400, salesCloseAt: now - 60 });
    const { deps } = fakeInventory({ tier_ga: 3 });
    expect(await join(deps, fx.id, "a@example.com", 3)).toEqual(
      err("TIER_NOT_SOLD_OUT", "3 tickets of this tier are on sale: hold them instead.", { available: 3 }),
    );
    expect((await join(deps, fx.id, "a@example.com", 4)).ok).toBe(true);
    expect(await join(deps, fx.id, "b@example.com", 5)).toEqual(
      err("ORDER_LIMIT_EXCEEDED", "At most 4 tickets of this tier per order.", { max_per_order: 4 }),
    );
    expect(await join(deps, fx.id, "b@example.com", 1, "tier_other")).toEqual(
      err("TIER_NOT_FOUND", "The event has no tier 'tier_other'."),
    );
    expect(await join(deps, cancelled.id, "b@example.com")).toEqual(err("EVENT_CANCELLED", "The event is cancelled."));
    expect(await join(deps, closed.id, "b@example.com")).toEqual(
      err("SALES_CLOSED", "Sales of this tier are closed: no ticket can come back to the waitlist."),
    );
    const opensAt = now + 86_400;
    const notOpen = await insertEventUnit(env.DB, { salesOpenAt: opensAt, salesCloseAt: now + 2 * 86_400 });
    expect(await join(deps, notOpen.id, "b@example.com")).toEqual(
      err("SALES_NOT_OPEN", "Sales of this tier have not opened: its waitlist opens once it sells out.", {
        opens_at: new Date(opensAt * 1000).toISOString(),
      }),
    );
    expect(await join(deps, "evt_missing", "b@example.com")).toEqual(
      err("EVENT_NOT_FOUND", "No event has the id 'evt_missing'."),
    );
    expect(other.id).not.toBe(fx.id);
  });
});

describe("waitlist: bounded", () => {
  it("holds at most max(50, capacity) live places per tier; a repeat join still answers its place", async () => {
    const fx = await soldOutEvent([{ id: "tier_ga", capacity: 10, maxPerOrder: 4, remaining: 0 }]);
    const { deps } = fakeInventory({ tier_ga: 0 });
    const now = Math.floor(Date.now() / 1000);
    const rows = Array.from({ length: 50 }, (_, i) =>
      env.DB.prepare(
        `INSERT INTO event_waitlist_entries (id, event_id, tier_id, quantity, email, name, leave_token_hash, status, created_at, updated_at)
         VALUES (?, ?, 'tier_ga', 1, ?, 'n', 'h', 'waiting', ?, ?)`,
      ).bind(`wle_full${i}`, fx.id, `p${i}@x.com`, now, now),
    );
    await env.DB.batch(rows);
    expect(await join(deps, fx.id, "late@x.com")).toEqual(
      err("WAITLIST_FULL", "This tier's waitlist holds 50 places, all taken.", { limit: 50 }),
    );
    const repeat = await join(deps, fx.id, "p7@x.com");
    expect(repeat.ok && [repeat.value.position, repeat.value.created]).toEqual([8, false]);
  });
});

describe("waitlist: offers", () => {
  it("offers returned tickets first come first offered, skipping an order too big for what came back (it keeps its place)", async () => {
    const fx = await soldOutEvent();
    const inv = fakeInventory({ tier_ga: 0 });
    for (const [email, q] of [
      ["a@x.com", 1],
      ["b@x.com", 3],
      ["c@x.com", 1],
      ["d@x.com", 1],
    ] as const)
      await join(inv.deps, fx.id, email, q);
    inv.available.tier_ga = 2;
    const report = await offerReturnedTickets({
      deps: inv.deps,
      input: { eventId: fx.id, tierId: "tier_ga", returned: 2 },
    });
    expect(report.offered.map((o) => o.quantity)).toEqual([1, 1]);
    expect((await statuses(fx.id)).map((s) => [s.email, s.status])).toEqual([
      ["a@x.com", "offered"],
      ["b@x.com", "waiting"],
      ["c@x.com", "offered"],
      ["d@x.com", "waiting"],
    ]);
    const offers = inv.emails.filter((e) => e.dedupeKey.startsWith("waitlist-offer:"));
    expect(offers.map((e) => e.to)).toEqual(["a@x.com", "c@x.com"]);
    expect(offers[0]?.text).toContain("Book them with hold hld_fake0 before then");
  });

  it("moves an expired offer to the next in line, and a booked offer leaves the line", async () => {
    const fx = await soldOutEvent();
    const inv = fakeInventory({ tier_ga: 0 });
    await join(inv.deps, fx.id, "a@x.com");
    await join(inv.deps, fx.id, "b@x.com");
    await join(inv.deps, fx.id, "c@x.com");
    inv.available.tier_ga = 2;
    const first = await offerReturnedTickets({
      deps: inv.deps,
      input: { eventId: fx.id, tierId: "tier_ga", returned: 2 },
    });
    const [toA, toB] = first.offered;
    // Past the offers' time: A's hold expired in the object (its ticket is back), B's was booked.
    const later = { ...inv.deps, now: () => Date.now() + 31 * 60_000 };
    const objectSays = new Map([
      [toA?.holdId, "expired"],
      [toB?.holdId, "confirmed"],
    ]);
    // Other tests' offers in this database are still held as far as this object knows.
    await settleLapsedOffers(later, async (holdId) => objectSays.get(holdId) ?? "held");
    inv.available.tier_ga = 1;
    await offerReturnedTickets({ deps: later, input: { eventId: fx.id, tierId: "tier_ga", returned: 1 } });
    expect((await statuses(fx.id)).map((s) => s.status)).toEqual(["expired", "booked", "offered"]);
  });

  it("puts a claimed entry back in its place when the object refuses the hold (the tickets were bought first)", async () => {
    const fx = await soldOutEvent();
    const inv = fakeInventory({ tier_ga: 0 });
    await join(inv.deps, fx.id, "a@x.com");
    const report = await offerReturnedTickets({
      deps: inv.deps,
      input: { eventId: fx.id, tierId: "tier_ga", returned: 1 },
    });
    expect(report).toEqual({ offered: [], stopped: "hold_refused" });
    expect((await statuses(fx.id)).map((s) => s.status)).toEqual(["waiting"]);
  });

  it("ends an entry whose order the tier can no longer take (the limit was lowered), instead of blocking the line", async () => {
    const fx = await soldOutEvent();
    const inv = fakeInventory({ tier_ga: 0 });
    await join(inv.deps, fx.id, "big@x.com", 4);
    await join(inv.deps, fx.id, "small@x.com", 1);
    inv.available.tier_ga = 4;
    const placeHold = inv.deps.placeHold;
    inv.deps.placeHold = async (input) =>
      (input.lines[0]?.quantity ?? 0) > 2 ? err("ORDER_LIMIT_EXCEEDED", "At most 2.") : placeHold(input);
    const report = await offerReturnedTickets({
      deps: inv.deps,
      input: { eventId: fx.id, tierId: "tier_ga", returned: 4 },
    });
    expect(report.offered.map((o) => o.quantity)).toEqual([1]);
    expect((await statuses(fx.id)).map((s) => [s.email, s.status])).toEqual([
      ["big@x.com", "expired"],
      ["small@x.com", "offered"],
    ]);
  });

  it("with the object faked by a counter: returns racing in parallel never offer one place twice nor more tickets than came back, first come first offered", async () => {
    const fx = await soldOutEvent();
    const inv = fakeInventory({ tier_ga: 0 });
    const people = Array.from({ length: 12 }, (_, i) => `p${String(i).padStart(2, "0")}@x.com`);
    for (const p of people) await join(inv.deps, fx.id, p);
    // Eight single tickets come back; the engine reports each return (some twice, as a retried hook would).
    inv.available.tier_ga = 8;
    const returns = Array.from({ length: 12 }, () =>
      offerReturnedTickets({ deps: inv.deps, input: { eventId: fx.id, tierId: "tier_ga", returned: 1 } }),
    );
    const reports = await Promise.all(returns);
    const offered = reports.flatMap((r) => r.offered);
    expect(offered).toHaveLength(8);
    expect(new Set(offered.map((o) => o.entryId)).size).toBe(8);
    expect(inv.holds.size).toBe(8);
    expect(inv.available.tier_ga).toBe(0);
    const rows = await statuses(fx.id);
    // The first eight in line have the offers; the last four wait, in their places.
    expect(rows.map((r) => r.status)).toEqual([...Array(8).fill("offered"), ...Array(4).fill("waiting")]);
    expect(new Set(rows.filter((r) => r.hold_id).map((r) => r.hold_id)).size).toBe(8);
    expect(inv.emails.filter((e) => e.dedupeKey.startsWith("waitlist-offer:"))).toHaveLength(8);
  });
});

describe("waitlist: leaving and cancellation", () => {
  it("leaves with the token (declining an offer releases its hold); a wrong token or unknown entry is the same 404", async () => {
    const fx = await soldOutEvent();
    const inv = fakeInventory({ tier_ga: 0 });
    const a = await join(inv.deps, fx.id, "a@x.com");
    if (!a.ok || !a.value.leaveToken) throw new Error("join failed");
    inv.available.tier_ga = 1;
    await offerReturnedTickets({ deps: inv.deps, input: { eventId: fx.id, tierId: "tier_ga", returned: 1 } });
    const wrong = await leaveWaitlist({
      deps: inv.deps,
      input: { eventId: fx.id, entryId: a.value.id, token: "nope" },
    });
    expect(wrong).toEqual(err("WAITLIST_ENTRY_NOT_FOUND", `No waitlist entry '${a.value.id}' with this token.`));
    const input = { eventId: fx.id, entryId: a.value.id, token: a.value.leaveToken };
    expect(await leaveWaitlist({ deps: inv.deps, input })).toEqual(ok({ id: a.value.id, status: "left" }));
    expect(inv.holds.size).toBe(0);
    expect(inv.available.tier_ga).toBe(1);
    expect(await leaveWaitlist({ deps: inv.deps, input })).toEqual(ok({ id: a.value.id, status: "left" }));
  });

  it("tells every live waitlister once when the event is cancelled", async () => {
    const fx = await soldOutEvent();
    const inv = fakeInventory({ tier_ga: 0 });
    await join(inv.deps, fx.id, "a@x.com");
    await join(inv.deps, fx.id, "b@x.com");
    const [first, second] = await Promise.all([
      closeWaitlistOfCancelledEvent({ deps: inv.deps, input: { eventId: fx.id } }),
      closeWaitlistOfCancelledEvent({ deps: inv.deps, input: { eventId: fx.id } }),
    ]);
    expect((first?.told ?? 0) + (second?.told ?? 0)).toBe(2);
    const told = inv.emails.filter((e) => e.dedupeKey.startsWith("waitlist-cancelled:"));
    expect(told.map((e) => e.to).sort()).toEqual(["a@x.com", "b@x.com"]);
    expect((await statuses(fx.id)).map((s) => s.status)).toEqual(["cancelled", "cancelled"]);
  });
});
