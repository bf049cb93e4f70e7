import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { inventoryStub } from "../../src/inventory/stub";
import { addDays } from "../../src/lib/time";
import { ADMIN } from "../support/abuse";
import { api } from "../support/app-client";
import {
  API,
  bookingRow,
  chargeJobFor,
  deliver,
  outboxKinds,
  post,
  refundOf,
  timelineKinds,
} from "../support/bookings";
import { withInventory } from "../support/inventory";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture, type StayBody, staysQuery } from "../support/stays";

const CITY = "WLG";
const city = { cityCode: CITY, currency: "NZD", timezone: "Pacific/Auckland" };
const checkIn = inDays(20);
const checkOut = addDays(checkIn, 2);
const nights = [checkIn, addDays(checkIn, 1)];

/** A stay body for POST /v1/holds: two adults, one room, two nights at prp_jy_one unless told. */
function stayBody(over: Record<string, unknown> = {}) {
  return {
    property_id: "prp_jy_one",
    room_type_id: "rt_jy_one",
    check_in: checkIn,
    check_out: checkOut,
    rooms: 1,
    adults: 2,
    children: 0,
    ...over,
  };
}

interface HoldBody {
  id: string;
  status: string;
  expires_at: string;
  total_price: { amount_minor: number; currency: string };
}

async function placeStay(over: Record<string, unknown> = {}): Promise<HoldBody> {
  const res = await post("/v1/holds", stayBody(over));
  if (res.status !== 201) throw new Error(`hold failed: ${res.status} ${await res.text()}`);
  return res.json<HoldBody>();
}

const nz = (amount_minor: number) => ({ amount_minor, currency: "NZD" });

async function roomsLeft(roomTypeId: string, dates: string[]) {
  const { results } = await env.DB.prepare(
    `SELECT night, rooms_left FROM room_night_availability WHERE room_type_id = ? AND night IN (${dates.map(() => "?").join(",")}) ORDER BY night`,
  )
    .bind(roomTypeId, ...dates)
    .all<{ night: string; rooms_left: number }>();
  return results.map((r) => [r.night, r.rooms_left]);
}

beforeAll(async () => {
  await insertFixture(env.DB, {
    properties: [
      fixtureProperty("prp_jy_one", { ...city, name: "Harbour Rooms", address: "1 Quay, Wellington" }),
      fixtureProperty("prp_jy_close", { ...city, name: "Closing Soon" }),
    ],
    roomTypes: [
      fixtureRoomType("rt_jy_one", "prp_jy_one", { name: "Double", roomCount: 3, baseRateMinor: 15_000 }),
      fixtureRoomType("rt_jy_close", "prp_jy_close", { name: "Twin", roomCount: 2 }),
    ],
  });
});

describe("a stay over HTTP on the engine", () => {
  it("searches, holds, books, confirms through the payment consumer, quotes the refund and cancels", async () => {
    const search = await api(`${API}${staysQuery({ place: CITY, check_in: checkIn, check_out: checkOut, adults: 2 })}`);
    expect(search.status).toBe(200);
    const found = (await search.json<StayBody>()).data.find((p) => p.id === "prp_jy_one");
    expect(found?.cheapest.total.amount_minor).toBe(30_000);

    const held = await post("/v1/holds", stayBody());
    expect(held.status).toBe(201);
    const hold = await held.json<HoldBody & Record<string, unknown>>();
    expect(hold).toEqual({
      id: expect.stringMatching(/^hld_/),
      product: "stays",
      unit_id: "prp_jy_one",
      status: "held",
      expires_at: expect.any(String),
      extended: false,
      lines: nights.map((night) => ({
        pool: `rt_jy_one@${night}`,
        label: `Double, night of ${night}`,
        quantity: 1,
        unit_price: nz(15_000),
        total_price: nz(15_000),
      })),
      total_price: nz(30_000),
      property_id: "prp_jy_one",
      room_type_id: "rt_jy_one",
      check_in: checkIn,
      check_out: checkOut,
      nights: 2,
      rooms: 1,
      adults: 2,
      children: 0,
      nightly: nights.map((date) => ({ date, price: nz(15_000) })),
    });
    expect(held.headers.get("location")).toBe(`/v1/holds/${hold.id}`);

    // Two travellers: within 1..guests (stays' rule) and equal to the room-nights main's bookings still count.
    const res = await post("/v1/bookings", {
      hold_id: hold.id,
      passengers: [
        { given_name: "Kiri", family_name: "Te Kanawa" },
        { given_name: "Ernest", family_name: "Rutherford" },
      ],
      contact: { email: "kiri@example.com" },
      payment: { method: "card", token: "tok_success" },
    });
    expect(res.status).toBe(202);
    const created = await res.json<{ id: string; reference: string; owner_token: string; status: string }>();
    expect(created).toMatchObject({ status: "pending_payment", total_price: nz(30_000) });

    const delivered = await deliver([await chargeJobFor(created.id)]);
    expect(delivered.retryMessages).toEqual([]);
    const auth = { authorization: `Bearer ${created.owner_token}` };
    const read = await api(`${API}/v1/bookings/${created.reference}`, { headers: auth });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: created.id, status: "confirmed", payment: { state: "succeeded" } });
    expect(await outboxKinds(created.id)).toEqual(["booking_confirmed"]);

    // Sold in the object, night by night, and published back to D1 for search.
    const object = inventoryStub(env, "prp_jy_one");
    expect(await object.getHold(hold.id)).toMatchObject({ status: "confirmed", bookingId: created.id });
    const sold = (await object.availability()).filter((p) => p.pool.startsWith("rt_jy_one@"));
    expect(sold.map((p) => [p.pool, p.held, p.sold, p.available])).toEqual(
      nights.map((n) => [`rt_jy_one@${n}`, 0, 1, 2]),
    );
    await withInventory("prp_jy_one", (o) => o.publisher.idle());
    expect(await roomsLeft("rt_jy_one", nights)).toEqual(nights.map((n) => [n, 2]));

    // 20 days out, both nights are inside free cancellation (2 days before arrival): all of it back.
    const quote = await api(`${API}/v1/bookings/${created.reference}/refund-quote`, { headers: auth });
    expect(quote.status).toBe(200);
    expect(await quote.json()).toMatchObject({
      refund: nz(30_000),
      items: [{ title: "Harbour Rooms: 1 × Double, 2 nights", refund: nz(30_000) }],
    });

    const cancelled = await api(`${API}/v1/bookings/${created.reference}/cancel`, { method: "POST", headers: auth });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: "cancelled" });
    expect(await object.getHold(hold.id)).toMatchObject({ status: "cancelled" });
    const back = (await object.availability()).filter((p) => p.pool.startsWith("rt_jy_one@"));
    expect(back.map((p) => [p.held, p.sold, p.available])).toEqual([
      [0, 0, 3],
      [0, 0, 3],
    ]);
    expect(await refundOf(created.id)).toMatchObject({ amount_minor: 30_000 });
    expect(await timelineKinds(created.id)).toEqual(expect.arrayContaining(["created", "confirmed", "cancelled"]));
    expect((await object.audit()).ok).toBe(true);
    await withInventory("prp_jy_one", (o) => o.publisher.idle());
    expect(await roomsLeft("rt_jy_one", nights)).toEqual(nights.map((n) => [n, 3]));
  });

  it("reads, extends and releases a stay hold with its stay fields", async () => {
    const hold = await placeStay({ check_in: addDays(checkIn, 5), check_out: addDays(checkIn, 6) });
    const read = await api(`${API}/v1/holds/${hold.id}`);
    expect(await read.json()).toMatchObject({ id: hold.id, nights: 1, check_in: addDays(checkIn, 5) });
    const extended = await post(`/v1/holds/${hold.id}/extend`, {});
    expect(await extended.json()).toMatchObject({ extended: true, property_id: "prp_jy_one" });
    const released = await api(`${API}/v1/holds/${hold.id}`, { method: "DELETE" });
    expect(await released.json()).toMatchObject({ status: "released", rooms: 1 });
  });

  it("closes nights the object has already materialised and raises their minimum stay, through the operator routes", async () => {
    const night = addDays(checkIn, 8);
    const first = await placeStay({ check_in: night, check_out: addDays(night, 1) });
    await api(`${API}/v1/holds/${first.id}`, { method: "DELETE" });
    const closed = await post(
      "/v1/admin/stays/prp_jy_one/closures",
      { kind: "closed", from: night, to: night, room_type_id: "rt_jy_one", reason: "flood" },
      { authorization: ADMIN },
    );
    expect(closed.status).toBe(200);
    const refused = await post("/v1/holds", stayBody({ check_in: night, check_out: addDays(night, 1) }));
    expect(await refused.json()).toMatchObject({ status: 409, code: "NIGHT_CLOSED", night });

    const later = addDays(checkIn, 10);
    await api(`${API}/v1/holds/${(await placeStay({ check_in: later, check_out: addDays(later, 1) })).id}`, {
      method: "DELETE",
    });
    const rates = await post(
      "/v1/admin/stays/prp_jy_one/room-types/rt_jy_one/rates",
      { from: later, to: later, min_stay: 2, reason: "festival" },
      { authorization: ADMIN },
    );
    expect(rates.status).toBe(200);
    const short = await post("/v1/holds", stayBody({ check_in: later, check_out: addDays(later, 1) }));
    expect(await short.json()).toMatchObject({ status: 409, code: "MIN_STAY_NOT_MET", min_stay: 2 });
    expect(
      (await inventoryStub(env, "prp_jy_one").ledger(0, 500)).filter((e) => e.kind === "rules_changed"),
    ).toHaveLength(2);
  });

  it("closes a property through the operator route: its holds released, its sold stays cancelled and refunded, new holds refused", async () => {
    const body = { property_id: "prp_jy_close", room_type_id: "rt_jy_close" };
    const held = await placeStay(body);
    const sold = await placeStay({ ...body, check_in: addDays(checkIn, 3), check_out: addDays(checkIn, 4) });
    const booked = await post("/v1/bookings", {
      hold_id: sold.id,
      passengers: [{ given_name: "Kate", family_name: "Sheppard" }],
      contact: { email: "kate@example.com" },
      payment: { method: "card", token: "tok_success" },
    });
    const created = await booked.json<{ id: string }>();
    await deliver([await chargeJobFor(created.id)]);

    const closed = await post(
      "/v1/admin/stays/prp_jy_close/close",
      { reason: "sold the building" },
      { authorization: ADMIN },
    );
    expect(closed.status).toBe(200);
    expect(await closed.json()).toEqual({
      data: { property_id: "prp_jy_close", status: "closed", refunds: "started" },
    });
    const object = inventoryStub(env, "prp_jy_close");
    expect(await object.getHold(held.id)).toMatchObject({ status: "released" });
    expect((await object.strandedHolds()).map((s) => [s.holdId, s.bookingId, s.totalMinor])).toEqual([
      [sold.id, created.id, 10_000],
    ]);
    // The engine cancels the property's confirmed stays in the background (unit_cancellations) and the
    // payment queue refunds them: wait for the end state, however long this machine takes.
    for (let i = 0; i < 400 && (await bookingRow(created.id))?.status !== "refunded"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await bookingRow(created.id)).toMatchObject({ status: "refunded", payment_state: "refunded" });
    expect(await refundOf(created.id)).toMatchObject({ amount_minor: 10_000, status: "succeeded" });
    expect(await outboxKinds(created.id)).toEqual(["booking_cancelled", "booking_confirmed"]);
    const again = await post("/v1/holds", stayBody(body));
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      type: "https://edgefare.dev/problems/property-closed",
      title: "The property is closed",
      status: 409,
      code: "PROPERTY_CLOSED",
      detail: "The property is closed.",
      instance: "/v1/holds",
      request_id: expect.any(String),
    });
  });
});
