import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { inventoryStub } from "../../src/inventory/stub";
import { api } from "../support/app-client";
import { API, bookingRow, chargeJobFor, deliver } from "../support/bookings";
import { DAY, insertEventUnit } from "../support/event-units";
import { uniqueCaller } from "../support/limited-app";

/** POST /v1/holds for tickets, from its own network (the write budget is per caller). */
function holdTickets(body: object) {
  return api(`${API}/v1/holds`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip },
    body: JSON.stringify(body),
  });
}

const problem = (res: Response, code: string, status: number, title: string, detail: string, extra = {}) => ({
  type: `https://edgefare.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`,
  title,
  status,
  code,
  detail,
  instance: "/v1/holds",
  request_id: res.headers.get("x-request-id"),
  ...extra,
});

describe("selling an event's tickets over HTTP", () => {
  it("finds the event in search, holds a tier, books it and confirms it", async () => {
    const fx = await insertEventUnit(env.DB, {
      city: "LIS",
      tiers: [{ id: "tier_ga", name: "General admission", capacity: 40, priceMinor: 3500, maxPerOrder: 6 }],
    });
    const date = new Date(fx.startsAt * 1000).toISOString().slice(0, 10);
    const search = await api(`${API}/v1/events/search?place=LIS&from=${date}&to=${date}`);
    expect(search.status).toBe(200);
    const cards = (await search.json<{ data: { id: string; remaining: number }[] }>()).data;
    expect(cards.find((c) => c.id === fx.id)).toMatchObject({ remaining: 40 });

    const held = await holdTickets({ event_id: fx.id, tier_id: "tier_ga", quantity: 3 });
    expect(held.status).toBe(201);
    const hold = await held.json<Record<string, unknown> & { id: string }>();
    expect(hold).toMatchObject({
      product: "events",
      unit_id: fx.id,
      status: "held",
      event_id: fx.id,
      tier_id: "tier_ga",
      quantity: 3,
      lines: [
        {
          pool: "tier_ga",
          label: "General admission",
          quantity: 3,
          unit_price: { amount_minor: 3500, currency: "GBP" },
          total_price: { amount_minor: 10500, currency: "GBP" },
        },
      ],
      total_price: { amount_minor: 10500, currency: "GBP" },
    });

    const booked = await api(`${API}/v1/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        hold_id: hold.id,
        passengers: [
          { given_name: "Ada", family_name: "Lovelace" },
          { given_name: "Charles", family_name: "Babbage" },
          { given_name: "Mary", family_name: "Somerville" },
        ],
        contact: { email: "ada@example.com" },
        payment: { method: "card", token: "tok_success" },
      }),
    });
    expect(booked.status).toBe(202);
    const created = await booked.json<{ id: string; status: string; total_price: unknown }>();
    expect(created).toMatchObject({ status: "pending_payment", total_price: { amount_minor: 10500, currency: "GBP" } });
    await deliver([await chargeJobFor(created.id)]);
    expect(await bookingRow(created.id)).toMatchObject({ status: "confirmed", payment_state: "succeeded" });
    expect(await inventoryStub(env, fx.id).getHold(hold.id)).toMatchObject({ status: "confirmed" });
    const item = await env.DB.prepare("SELECT product, unit_id, snapshot FROM booking_items WHERE booking_id = ?")
      .bind(created.id)
      .first<{ product: string; unit_id: string; snapshot: string }>();
    expect(item).toMatchObject({ product: "events", unit_id: fx.id });
    expect(JSON.parse(item?.snapshot ?? "{}")).toMatchObject({ title: "Fixture Night", startLabel: "Starts" });
  });

  it("answers whole problems: sales not open, sales closed, over the order limit, a tier of another event", async () => {
    const now = Math.floor(Date.now() / 1000);
    const later = await insertEventUnit(env.DB, { salesOpenAt: now + 5 * DAY });
    const notOpen = await holdTickets({ event_id: later.id, tier_id: "tier_ga", quantity: 1 });
    const opensAt = new Date(later.salesOpenAt * 1000).toISOString();
    expect(await notOpen.json()).toEqual(
      problem(
        notOpen,
        "SALES_NOT_OPEN",
        409,
        "Sales have not opened yet",
        `Sales of Tier tier_ga open at ${opensAt}.`,
        {
          pool: "tier_ga",
          sales_open_at: opensAt,
        },
      ),
    );

    const closedTier = await insertEventUnit(env.DB, {
      tiers: [{ id: "tier_early", capacity: 10, salesCloseAt: now - DAY }],
    });
    const closed = await holdTickets({ event_id: closedTier.id, tier_id: "tier_early", quantity: 1 });
    expect(await closed.json()).toEqual(
      problem(closed, "SALES_CLOSED", 409, "Sales are closed", "Sales of Tier tier_early have closed.", {
        pool: "tier_early",
      }),
    );

    const limited = await insertEventUnit(env.DB, { tiers: [{ id: "tier_ga", capacity: 50, maxPerOrder: 2 }] });
    const tooMany = await holdTickets({ event_id: limited.id, tier_id: "tier_ga", quantity: 3 });
    expect(await tooMany.json()).toEqual(
      problem(
        tooMany,
        "ORDER_LIMIT_EXCEEDED",
        409,
        "More than one hold may take",
        "At most 2 of Tier tier_ga per hold.",
        {
          pool: "tier_ga",
          max_per_hold: 2,
        },
      ),
    );

    const other = await insertEventUnit(env.DB, { tiers: [{ id: "tier_vip", capacity: 5 }] });
    const wrongEvent = await holdTickets({ event_id: limited.id, tier_id: "tier_vip", quantity: 1 });
    expect(other.tiers[0]?.id).toBe("tier_vip");
    expect(await wrongEvent.json()).toEqual(
      problem(
        wrongEvent,
        "TIER_NOT_FOUND",
        404,
        "The event has no such ticket tier",
        "This event does not sell tier_vip.",
      ),
    );
  });

  it("grants exactly a tier's capacity under hundreds of concurrent holds", async () => {
    const fx = await insertEventUnit(env.DB, { tiers: [{ id: "tier_few", capacity: 7, maxPerOrder: 1 }] });
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => holdTickets({ event_id: fx.id, tier_id: "tier_few", quantity: 1 })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(7);
    expect(statuses.filter((s) => s === 409)).toHaveLength(193);
    const refused = answers.find((r) => r.status === 409);
    expect(await refused?.json()).toMatchObject({ code: "INSUFFICIENT_TICKETS" });
    const [pool] = await inventoryStub(env, fx.id).availability();
    expect(pool).toMatchObject({ pool: "tier_few", capacity: 7, held: 7, sold: 0, available: 0 });
    expect((await inventoryStub(env, fx.id).audit()).ok).toBe(true);
  });
});
