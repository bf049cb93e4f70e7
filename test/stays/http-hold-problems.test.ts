import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { inventoryStub } from "../../src/inventory/stub";
import { ERROR_CATALOG, type ErrorCode } from "../../src/lib/error-codes";
import { addDays } from "../../src/lib/time";
import { post } from "../support/bookings";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture } from "../support/stays";

const city = { cityCode: "WLG", currency: "NZD", timezone: "Pacific/Auckland" };
const D = (days: number) => inDays(days);
const now = Math.floor(Date.now() / 1000);

function stay(over: Record<string, unknown> = {}) {
  return {
    property_id: "prp_hp_rules",
    room_type_id: "rt_hp_std",
    check_in: D(20),
    check_out: D(21),
    rooms: 1,
    adults: 2,
    children: 0,
    ...over,
  };
}

/** The whole problem document POST /v1/holds answers with `code`. */
function problem(code: ErrorCode, detail: string, extra: Record<string, unknown> = {}) {
  const { status, title } = ERROR_CATALOG[code];
  return {
    type: `https://edgefare.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`,
    title,
    status,
    code,
    detail,
    instance: "/v1/holds",
    request_id: expect.any(String),
    ...extra,
  };
}

async function refusal(body: Record<string, unknown>) {
  const res = await post("/v1/holds", body);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  await insertFixture(env.DB, {
    properties: [
      fixtureProperty("prp_hp_rules", { ...city, name: "Rules Inn" }),
      fixtureProperty("prp_hp_closed", { ...city, name: "Gone", status: "closed" }),
    ],
    roomTypes: [
      fixtureRoomType("rt_hp_std", "prp_hp_rules", { name: "Standard", roomCount: 1, maxAdults: 2, maxChildren: 1 }),
      fixtureRoomType("rt_hp_gone", "prp_hp_closed", { name: "Gone room" }),
    ],
    closures: [
      {
        id: "cls_hp_night",
        propertyId: "prp_hp_rules",
        roomTypeId: "rt_hp_std",
        kind: "closed",
        fromDate: D(30),
        toDate: D(30),
        reason: "painting",
        createdAt: now,
      },
      {
        id: "cls_hp_arrival",
        propertyId: "prp_hp_rules",
        roomTypeId: null,
        kind: "no_arrival",
        fromDate: D(40),
        toDate: D(40),
        reason: "staff party",
        createdAt: now,
      },
    ],
    rateOverrides: [
      {
        id: "ovr_hp_min",
        roomTypeId: "rt_hp_std",
        fromDate: D(50),
        toDate: D(50),
        priceMinor: null,
        minStay: 3,
        reason: "festival",
        createdAt: now,
      },
    ],
  });
});

describe("POST /v1/holds refuses a stay with the whole problem document of each stays code", () => {
  it("VALIDATION_FAILED for a body no product's hold request matches", async () => {
    const { status, body } = await refusal(stay({ rooms: 0 }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ ...problem("VALIDATION_FAILED", expect.any(String)), errors: expect.any(Array) });
  });

  it.each([
    [
      "CHECK_OUT_BEFORE_CHECK_IN",
      { check_out: D(20) },
      `Check-out (${D(20)}) must be at least one night after check-in (${D(20)}).`,
      { field: "check_out" },
    ],
    [
      "STAY_TOO_LONG",
      { check_out: D(51) },
      `A stay is at most 30 nights; ${D(20)} to ${D(51)} is 31.`,
      { field: "check_out", max_nights: 30 },
    ],
    [
      "DATE_IN_PAST",
      { check_in: D(-3), check_out: D(-2) },
      `Check-in ${D(-3)} is in the past everywhere.`,
      { field: "check_in" },
    ],
    [
      "DATE_TOO_FAR",
      { check_in: D(400), check_out: D(401) },
      "Stays can be booked up to 365 days ahead; the last night of this one is further.",
      { field: "check_out" },
    ],
    ["TOO_FEW_ADULTS", { rooms: 2, adults: 1 }, "Every room needs an adult: 2 rooms, 1 adult.", {}],
  ] as const)("%s, before any object wakes", async (code, over, detail, extra) => {
    const { status, body } = await refusal(stay(over));
    expect(status).toBe(ERROR_CATALOG[code].status);
    expect(body).toEqual(problem(code, detail, extra));
  });

  it.each([
    ["PROPERTY_NOT_FOUND", { property_id: "prp_hp_nowhere" }, "Property prp_hp_nowhere does not exist.", {}],
    ["ROOM_TYPE_NOT_FOUND", { room_type_id: "rt_hp_gone" }, `This property does not sell rt_hp_gone@${D(20)}.`, {}],
    ["PROPERTY_CLOSED", { property_id: "prp_hp_closed", room_type_id: "rt_hp_gone" }, "The property is closed.", {}],
    [
      "NIGHT_CLOSED",
      { check_in: D(29), check_out: D(31) },
      `Standard is closed on the night of ${D(30)}.`,
      { night: D(30) },
    ],
    [
      "CLOSED_TO_ARRIVAL",
      { check_in: D(40), check_out: D(42) },
      `Standard takes no arrivals on ${D(40)}.`,
      { check_in: D(40) },
    ],
    [
      "MIN_STAY_NOT_MET",
      { check_in: D(50), check_out: D(51) },
      `Stays arriving on ${D(50)} are at least 3 nights; this one is 1.`,
      { check_in: D(50), min_stay: 3 },
    ],
    [
      "TOO_MANY_GUESTS",
      { adults: 2, children: 2 },
      "2 adults and 2 children do not fit in 1 × Standard: a room takes 2 adults and 1 more child.",
      { max_adults_per_room: 2, max_children_per_room: 1 },
    ],
  ] as const)("%s, from the property's object", async (code, over, detail, extra) => {
    const { status, body } = await refusal(stay(over));
    expect(status).toBe(ERROR_CATALOG[code].status);
    expect(body).toEqual(problem(code, detail, extra));
  });

  it("INSUFFICIENT_ROOMS, with what is left on each short night", async () => {
    const first = await post("/v1/holds", stay({ check_in: D(60), check_out: D(62) }));
    expect(first.status).toBe(201);
    const { status, body } = await refusal(stay({ check_in: D(61), check_out: D(63) }));
    expect(status).toBe(409);
    expect(body).toEqual(
      problem("INSUFFICIENT_ROOMS", `Only 0 rooms of Standard left on the night of ${D(61)}.`, {
        lines: [{ pool: `rt_hp_std@${D(61)}`, requested: 1, left: 0 }],
      }),
    );
  });

  it("INSUFFICIENT_ROOMS naming the room type and every short night", async () => {
    const first = await post("/v1/holds", stay({ check_in: D(80), check_out: D(82) }));
    expect(first.status).toBe(201);
    const { status, body } = await refusal(stay({ check_in: D(79), check_out: D(82) }));
    expect(status).toBe(409);
    expect(body).toEqual(
      problem("INSUFFICIENT_ROOMS", `Not enough rooms of Standard left on the nights of ${D(80)}, ${D(81)}.`, {
        lines: [
          { pool: `rt_hp_std@${D(80)}`, requested: 1, left: 0 },
          { pool: `rt_hp_std@${D(81)}`, requested: 1, left: 0 },
        ],
      }),
    );
  });

  it("NIGHTS_NOT_CONSECUTIVE, which no stay body can ask for, from the object's RPC", async () => {
    const result = await inventoryStub(env, "prp_hp_rules").placeHold({
      holdId: "hld_hp_gap_cHJwX2hwX3J1bGVz",
      unitId: "prp_hp_rules",
      lines: [
        { pool: `rt_hp_std@${D(70)}`, quantity: 1 },
        { pool: `rt_hp_std@${addDays(D(70), 2)}`, quantity: 1 },
      ],
      ttlSeconds: 600,
      context: { adults: 1, children: 0 },
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "NIGHTS_NOT_CONSECUTIVE",
        detail: `The nights of a stay follow each other; ${addDays(D(70), 2)} does not.`,
        extra: { night: addDays(D(70), 2) },
      },
    });
  });
});
