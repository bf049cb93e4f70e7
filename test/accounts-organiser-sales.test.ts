import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { as, type Booked, settle } from "./support/account-bookings";
import { createKey, problemOf, type SignedIn, signIn } from "./support/accounts";
import { api } from "./support/app-client";
import { API, placeHold, post } from "./support/bookings";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";

const at = (iso: string) => Date.parse(iso) / 1000;

let alice: SignedIn;
let bruno: SignedIn;
let units: { a1: string; a2: string; b1: string };
let price = 0;

/** A booking on `unit` made at `createdAt`, in `status`. */
async function sale(unit: string, createdAt: string, status = "confirmed"): Promise<Booked> {
  const hold = await placeHold(unit);
  const res = await post(
    "/v1/bookings",
    {
      hold_id: hold.id,
      passengers: [{ given_name: "Ada", family_name: "Lovelace" }],
      contact: { email: "ada@example.com" },
      payment: { method: "card", token: "tok_pending" },
    },
    { "cf-connecting-ip": uniqueCaller().ip },
  );
  expect(res.status).toBe(202);
  const booked = await res.json<Booked>();
  await settle(booked.id, status, at(createdAt));
  price = hold.total_price.amount_minor;
  return booked;
}

beforeAll(async () => {
  alice = await signIn(undefined, "organiser");
  bruno = await signIn(undefined, "organiser");
  units = {
    a1: await seedDeparture("sales-a1"),
    a2: await seedDeparture("sales-a2"),
    b1: await seedDeparture("sales-b1"),
  };
  await env.DB.batch(
    [
      [units.a1, alice],
      [units.a2, alice],
      [units.b1, bruno],
    ].map(([unit, owner]) =>
      env.DB.prepare("INSERT INTO inventory_owners (unit_id, account_id, created_at) VALUES (?, ?, 0)").bind(
        unit as string,
        (owner as SignedIn).accountId,
      ),
    ),
  );
  await sale(units.a1, "2026-01-10T09:00:00Z");
  await sale(units.a1, "2026-01-10T23:59:59Z");
  const cancelled = await sale(units.a1, "2026-01-10T12:00:00Z", "cancelled");
  await env.DB.prepare("UPDATE booking_items SET status = 'cancelled', refund_minor = 700 WHERE booking_id = ?")
    .bind(cancelled.id)
    .run();
  await sale(units.a1, "2026-01-10T13:00:00Z", "pending_payment");
  await sale(units.a1, "2026-01-12T00:00:00Z");
  await sale(units.a2, "2026-01-11T08:00:00Z");
  await sale(units.b1, "2026-01-10T10:00:00Z");
});

const sales = (who: SignedIn | string, query: string) =>
  typeof who === "string"
    ? api(`${API}/v1/organiser/sales?${query}`, {
        headers: { authorization: who, "cf-connecting-ip": uniqueCaller().ip },
      })
    : as(who, `/v1/organiser/sales?${query}`);

describe("GET /v1/organiser/sales", () => {
  it("reports the organiser's own units per day of sale, paid bookings only, and never another organiser's", async () => {
    const res = await sales(alice, "from=2026-01-10&to=2026-01-11");
    expect(res.status).toBe(200);
    const row = (unit: string, day: string, n: number, cancelled = 0, refunded = 0) => ({
      unit_id: unit,
      product: "departures",
      day,
      currency: expect.stringMatching(/^[A-Z]{3}$/),
      bookings: n,
      quantity: n,
      revenue_minor: n * price,
      cancelled_items: cancelled,
      refunded_minor: refunded,
    });
    expect(await res.json()).toEqual({
      data: [row(units.a1, "2026-01-10", 2, 1, 700), row(units.a2, "2026-01-11", 1)].sort((x, y) =>
        x.unit_id < y.unit_id ? -1 : 1,
      ),
      meta: { organiser_id: alice.accountId, from: "2026-01-10", to: "2026-01-11" },
      links: { self: expect.any(String), next: null },
    });
  });

  it("pages with a cursor bound to its query", async () => {
    const first = await (await sales(alice, "from=2026-01-10&to=2026-01-12&limit=2")).json<{
      data: { unit_id: string; day: string }[];
      links: { next: string };
    }>();
    const next = new URL(first.links.next);
    const second = await (await sales(alice, next.search.slice(1))).json<{
      data: { unit_id: string; day: string }[];
      links: { next: string | null };
    }>();
    const keys = [...first.data, ...second.data].map((r) => `${r.unit_id} ${r.day}`);
    expect(keys).toEqual([`${units.a1} 2026-01-10`, `${units.a1} 2026-01-12`, `${units.a2} 2026-01-11`].sort());
    expect(second.links.next).toBeNull();
    const cursor = next.searchParams.get("cursor") ?? "";
    expect(await problemOf(await sales(alice, `from=2026-01-10&to=2026-01-11&cursor=${cursor}`))).toEqual({
      status: 400,
      code: "INVALID_CURSOR",
      detail: "The cursor is not valid for this query; start again without it.",
    });
  });

  it("lets an admin read an organiser's sales and refuses an organiser reading another's", async () => {
    const admin = await signIn(undefined, "admin");
    const forBruno = await (await sales(admin, `from=2026-01-10&to=2026-01-10&organiser_id=${bruno.accountId}`)).json<{
      data: { unit_id: string }[];
    }>();
    expect(forBruno.data.map((r) => r.unit_id)).toEqual([units.b1]);
    expect(
      await problemOf(await sales(alice, `from=2026-01-10&to=2026-01-10&organiser_id=${bruno.accountId}`)),
    ).toEqual({
      status: 403,
      code: "FORBIDDEN",
      detail: "Organisers see only their own sales.",
    });
    const key = await createKey(alice, { scopes: ["manage:inventory"] });
    const viaKey = await api(`${API}/v1/organiser/sales?from=2026-01-11&to=2026-01-11`, {
      headers: { "x-api-key": key.key, "cf-connecting-ip": uniqueCaller().ip },
    });
    expect((await viaKey.json<{ data: { unit_id: string }[] }>()).data.map((r) => r.unit_id)).toEqual([units.a2]);
  });

  it("refuses travellers, the bootstrap key, and ranges over 31 days or backwards", async () => {
    const traveller = await signIn();
    expect(await problemOf(await sales(traveller, "from=2026-01-10&to=2026-01-11"))).toEqual({
      status: 403,
      code: "FORBIDDEN",
      detail: "Only an organiser (or an admin) may do this.",
    });
    expect(await problemOf(await sales("Bearer test-admin-key", "from=2026-01-10&to=2026-01-11"))).toEqual({
      status: 403,
      code: "FORBIDDEN",
      detail: "Only an organiser (or an admin) may do this.",
    });
    expect(await problemOf(await sales(alice, "from=2026-01-01&to=2026-02-01"))).toEqual({
      status: 400,
      code: "DATE_RANGE_TOO_LONG",
      detail: "2026-01-01 to 2026-02-01 covers 32 days; a range covers at most 31.",
      field: "to",
      max_days: 31,
    });
    expect(await problemOf(await sales(alice, "from=2026-01-10&to=2026-01-09"))).toEqual({
      status: 400,
      code: "INVALID_DATE_RANGE",
      detail: "'to' (2026-01-09) is before 'from' (2026-01-10).",
      field: "to",
    });
  });

  it("reports per pool: seats of a fare class, a room type's nights together, as locked in the hold lines", async () => {
    const res = await as(alice, "/v1/organiser/sales/by-pool?from=2026-01-10&to=2026-01-11");
    expect(res.status).toBe(200);
    const row = (unit: string, day: string, n: number, cancelled = 0) => ({
      unit_id: unit,
      product: "departures",
      pool: "economy",
      label: expect.any(String),
      day,
      currency: expect.stringMatching(/^[A-Z]{3}$/),
      bookings: n,
      quantity: n,
      revenue_minor: n * price,
      cancelled_quantity: cancelled,
    });
    expect(await res.json()).toEqual({
      data: [row(units.a1, "2026-01-10", 2, 1), row(units.a2, "2026-01-11", 1)].sort((x, y) =>
        x.unit_id < y.unit_id ? -1 : 1,
      ),
      meta: { organiser_id: alice.accountId, from: "2026-01-10", to: "2026-01-11" },
      links: { self: expect.any(String), next: null },
    });

    // A stay's lines: one pool per night of a room type; the nights add up under the room type.
    const carla = await signIn(undefined, "organiser");
    const unit = await seedDeparture("sales-pools-c1");
    await env.DB.prepare("INSERT INTO inventory_owners (unit_id, account_id, created_at) VALUES (?, ?, 0)")
      .bind(unit, carla.accountId)
      .run();
    const stay = await sale(unit, "2026-02-01T10:00:00Z");
    const line = (pool: string, label: string, quantity: number, totalMinor: number) => ({
      pool,
      label,
      quantity,
      unitPriceMinor: totalMinor / quantity,
      totalMinor,
      refundPolicy: [],
    });
    const lines = [
      line("rt_deluxe@2026-03-01", "Deluxe King", 2, 40_000),
      line("rt_deluxe@2026-03-02", "Deluxe King", 2, 40_000),
      line("rt_twin@2026-03-01", "Twin", 1, 15_000),
    ];
    await env.DB.prepare("UPDATE booking_items SET lines = ? WHERE booking_id = ?")
      .bind(JSON.stringify(lines), stay.id)
      .run();
    const pools = await (await as(carla, "/v1/organiser/sales/by-pool?from=2026-02-01&to=2026-02-01&limit=1")).json<{
      data: Record<string, unknown>[];
      links: { next: string };
    }>();
    const rest = await (await as(carla, `/v1/organiser/sales/by-pool${new URL(pools.links.next).search}`)).json<{
      data: Record<string, unknown>[];
      links: { next: string | null };
    }>();
    expect(rest.links.next).toBeNull();
    expect(
      [...pools.data, ...rest.data].map((r) => [r.pool, r.label, r.bookings, r.quantity, r.revenue_minor]),
    ).toEqual([
      ["rt_deluxe", "Deluxe King", 1, 4, 80_000],
      ["rt_twin", "Twin", 1, 1, 15_000],
    ]);
  });
});
