import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { PLACES } from "../src/places/catalog";
import { insertPlaces } from "../src/places/seed-d1";
import { api } from "./support/app-client";
import { insertDeparture } from "./support/fixtures";
import { futureDay } from "./support/search-fixtures";

interface List {
  data: { id: string; segments: { origin: { code: string }; destination: { code: string } }[] }[];
  meta: { count: number; total: number; next_cursor: string | null; origin: { code: string } };
  links: { self: string; next: string | null };
}
type Body = List & { meta: { tier: string }; return?: List };

const out = futureDay(6);
const back = futureDay(9);
const search = async (query: Record<string, string | number>) => {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return api(`https://edgefare.test/v1/search?${params}`);
};
const ok = async (query: Record<string, string | number>) => {
  const res = await search(query);
  expect(res.status).toBe(200);
  return res.json<Body>();
};

beforeAll(async () => {
  await insertPlaces(env.DB, PLACES);
  // Lisbon and Vienna: winter time, Lisbon UTC+0 and Vienna UTC+1; service dates are local.
  for (const [i, hour] of [8, 12].entries()) {
    await insertDeparture(env.DB, {
      id: `dep_rt_out${i}`,
      originCode: "LIS",
      destinationCode: "VIE",
      departsAt: out.at(hour),
      serviceDate: out.date,
    });
  }
  for (const [i, hour] of [7, 10, 15].entries()) {
    await insertDeparture(env.DB, {
      id: `dep_rt_back${i}`,
      originCode: "VIE",
      destinationCode: "LIS",
      departsAt: back.at(hour),
      serviceDate: back.date,
    });
  }
});

describe("GET /v1/search with return_date", () => {
  it("answers the outbound options in data and the options back in return", async () => {
    const body = await ok({ origin: "LIS", destination: "VIE", date: out.date, return_date: back.date });
    expect(body.data.map((o) => o.id)).toEqual(["off_rt_out0_economy", "off_rt_out1_economy"]);
    expect(body.return?.data.map((o) => o.id)).toEqual([
      "off_rt_back0_economy",
      "off_rt_back1_economy",
      "off_rt_back2_economy",
    ]);
    expect(body.return?.data[0]?.segments[0]).toMatchObject({ origin: { code: "VIE" }, destination: { code: "LIS" } });
    expect(body.return?.meta).toEqual({
      count: 3,
      total: 3,
      next_cursor: null,
      origin: { code: "VIE", type: "city", city_code: "VIE", place_codes: expect.any(Array) },
      destination: { code: "LIS", type: "city", city_code: "LIS", place_codes: expect.any(Array) },
    });
  });

  it("pages the return list with return_cursor and leaves the outbound list where it is", async () => {
    const query = { origin: "LIS", destination: "VIE", date: out.date, return_date: back.date, limit: 1 };
    const first = await ok(query);
    const returnCursor = first.return?.meta.next_cursor;
    if (!returnCursor) throw new Error("the return list has a second page");
    expect(first.return?.links.next).toContain(`return_cursor=${encodeURIComponent(returnCursor)}`);
    const second = await ok({ ...query, return_cursor: returnCursor });
    expect(second.data.map((o) => o.id)).toEqual(["off_rt_out0_economy"]);
    expect(second.return?.data.map((o) => o.id)).toEqual(["off_rt_back1_economy"]);
    const wrong = await search({ ...query, return_cursor: first.meta.next_cursor ?? "" });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ code: "INVALID_CURSOR" });
  });

  it("one way has no return list", async () => {
    const body = await ok({ origin: "LIS", destination: "VIE", date: out.date });
    expect(body).not.toHaveProperty("return");
  });

  it("refuses a return before the outbound date", async () => {
    const res = await search({ origin: "LIS", destination: "VIE", date: back.date, return_date: out.date });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = await res.json<Record<string, unknown>>();
    expect(body).toEqual({
      type: "https://edgefare.dev/problems/return-before-outbound",
      code: "RETURN_BEFORE_OUTBOUND",
      status: 400,
      title: "The return date is before the outbound date",
      detail: `The return date ${out.date} is before the outbound date ${back.date}.`,
      instance: "/v1/search",
      request_id: res.headers.get("x-request-id"),
      field: "return_date",
    });
  });

  it("refuses a return date that is not a date", async () => {
    const res = await search({ origin: "LIS", destination: "VIE", date: out.date, return_date: "2026-02-30" });
    expect(res.status).toBe(400);
    const body = await res.json<{ code: string; errors: { field: string }[] }>();
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.errors.map((e) => e.field)).toEqual(["return_date"]);
  });
});
