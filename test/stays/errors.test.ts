import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/lib/time";
import { api } from "../support/app-client";
import { fixtureProperty, fixtureRoomType, inDays, insertFixture, searchPage, staysQuery } from "../support/stays";

const checkIn = inDays(10);
const stay = (over: Record<string, string | number | undefined> = {}) =>
  staysQuery({ place: "REK", check_in: checkIn, check_out: addDays(checkIn, 2), ...over });

async function problem(path: string) {
  const res = await api(path);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await res.json<Record<string, unknown>>();
  expect(body.request_id).toBe(res.headers.get("x-request-id"));
  body.request_id = "<id>";
  return { status: res.status, body };
}

const base = (code: string, status: number, title: string, instance: string) => ({
  type: `https://edgefare.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`,
  code,
  status,
  title,
  instance,
  request_id: "<id>",
});
const SEARCH = "/v1/stays/search";

beforeAll(async () => {
  await insertFixture(env.DB, {
    properties: ["prp_err_a", "prp_err_b", "prp_err_c"].map((id) =>
      fixtureProperty(id, { cityCode: "REK", currency: "ISK", timezone: "Atlantic/Reykjavik" }),
    ),
    roomTypes: [
      fixtureRoomType("rt_err_a", "prp_err_a"),
      fixtureRoomType("rt_err_b", "prp_err_b"),
      fixtureRoomType("rt_err_c", "prp_err_c"),
    ],
  });
});

describe("GET /v1/stays/search refuses what it cannot mean, with a stable problem", () => {
  it("UNKNOWN_PLACE", async () => {
    expect(await problem(stay({ place: "ZZZ" }))).toEqual({
      status: 400,
      body: {
        ...base("UNKNOWN_PLACE", 400, "Unknown place code", SEARCH),
        detail: "No place or city has the code 'ZZZ'.",
        field: "place",
      },
    });
  });

  it("DATE_IN_PAST, by the city's own calendar", async () => {
    expect(await problem(stay({ check_in: "2020-01-01", check_out: "2020-01-03" }))).toEqual({
      status: 400,
      body: {
        ...base("DATE_IN_PAST", 400, "The date is in the past", SEARCH),
        detail: expect.stringMatching(/^Check-in 2020-01-01 is before today \(\d{4}-\d\d-\d\d\) in Reykjavík\.$/),
        field: "check_in",
      },
    });
  });

  it("CHECK_OUT_BEFORE_CHECK_IN, also for a stay of no nights", async () => {
    for (const checkOut of [checkIn, addDays(checkIn, -3)]) {
      expect(await problem(stay({ check_out: checkOut }))).toEqual({
        status: 400,
        body: {
          ...base("CHECK_OUT_BEFORE_CHECK_IN", 400, "Check-out must be after check-in", SEARCH),
          detail: `Check-out (${checkOut}) must be at least one night after check-in (${checkIn}).`,
          field: "check_out",
        },
      });
    }
  });

  it("STAY_TOO_LONG past 30 nights", async () => {
    expect(await problem(stay({ check_out: addDays(checkIn, 31) }))).toEqual({
      status: 400,
      body: {
        ...base("STAY_TOO_LONG", 400, "The stay has too many nights", SEARCH),
        detail: `A stay is at most 30 nights; ${checkIn} to ${addDays(checkIn, 31)} is 31.`,
        field: "check_out",
        max_nights: 30,
      },
    });
    expect((await api(stay({ check_out: addDays(checkIn, 30) }))).status).toBe(200);
  });

  it("DATE_TOO_FAR when check-in, or only the last night, is past the bookable year", async () => {
    const far = inDays(400);
    expect(await problem(stay({ check_in: far, check_out: addDays(far, 2) }))).toEqual({
      status: 400,
      body: {
        ...base("DATE_TOO_FAR", 400, "The date is too far ahead", SEARCH),
        detail: expect.stringMatching(
          /^Stays can be booked up to 365 days ahead; the last night of this one is 40\d days away\.$/,
        ),
        field: "check_in",
      },
    });
    const edge = inDays(360);
    const { body } = await problem(stay({ check_in: edge, check_out: addDays(edge, 10) }));
    expect(body).toMatchObject({ code: "DATE_TOO_FAR", field: "check_out" });
  });

  it("TOO_FEW_ADULTS when a room would have none", async () => {
    expect(await problem(stay({ rooms: 3, adults: 2 }))).toEqual({
      status: 400,
      body: {
        ...base("TOO_FEW_ADULTS", 400, "Every room needs an adult", SEARCH),
        detail: "Every room needs an adult: 3 rooms, 2 adults.",
      },
    });
  });

  it("TOO_MANY_GUESTS when no room type anywhere could hold them", async () => {
    const expected = (adults: number, children: number) => ({
      status: 400,
      body: {
        ...base("TOO_MANY_GUESTS", 400, "More guests than the rooms hold", SEARCH),
        detail:
          `${adults} adults and ${children} children do not fit in 1 room: a room holds at most 6 adults ` +
          "and 8 guests. Ask for more rooms.",
        max_adults_per_room: 6,
        max_guests_per_room: 8,
      },
    });
    expect(await problem(stay({ adults: 7 }))).toEqual(expected(7, 0));
    expect(await problem(stay({ adults: 2, children: 7 }))).toEqual(expected(2, 7));
    expect((await api(stay({ rooms: 2, adults: 7 }))).status).toBe(200);
  });

  it("INVALID_CURSOR for a forged cursor and for one from another search", async () => {
    const detail = "The cursor is malformed or belongs to a different search; start again without it.";
    const expected = {
      status: 400,
      body: { ...base("INVALID_CURSOR", 400, "The pagination cursor is not valid", SEARCH), detail },
    };
    expect(await problem(stay({ cursor: "bm90LWEtY3Vyc29y" }))).toEqual(expected);
    const first = await searchPage(stay({ limit: 1 }));
    expect(first.meta.next_cursor).not.toBeNull();
    expect(await problem(stay({ limit: 1, sort: "stars", cursor: first.meta.next_cursor ?? "" }))).toEqual(expected);
    expect(await problem(stay({ limit: 1, adults: 1, cursor: first.meta.next_cursor ?? "" }))).toEqual(expected);
  });

  it("INVALID_SORT", async () => {
    const { status, body } = await problem(stay({ sort: "cheapest" }));
    expect(status).toBe(400);
    expect(body).toMatchObject(base("INVALID_SORT", 400, "Unknown sort order", SEARCH));
    expect(body.errors).toEqual([{ field: "sort", message: expect.stringContaining('"price"|"stars"|"distance"') }]);
  });

  it("VALIDATION_FAILED for numbers not written in decimal, out of range, and every other bad field", async () => {
    const fields = async (query: Record<string, string>) => {
      const { status, body } = await problem(stay(query));
      expect(status).toBe(400);
      expect(body.code).toBe("VALIDATION_FAILED");
      return (body.errors as { field: string }[]).map((e) => e.field).sort();
    };
    expect(await fields({ rooms: "0x3" })).toEqual(["rooms"]);
    expect(await fields({ adults: "1e1", children: " 1" })).toEqual(["adults", "children"]);
    expect(await fields({ rooms: "10", limit: "51" })).toEqual(["limit", "rooms"]);
    expect(await fields({ price_min: "5000", price_max: "100" })).toEqual(["price_max"]);
    expect(await fields({ amenities: "wifi,jacuzzi", stars: "6", property_types: "castle" })).toEqual([
      "amenities.1",
      "property_types.0",
      "stars.0",
    ]);
    expect(await fields({ check_in: "2026-02-30", price_per: "week" })).toEqual(["check_in", "price_per"]);
    const { body } = await problem(stay({ adults: "3.0" }));
    expect(body).toEqual({
      ...base("VALIDATION_FAILED", 400, "The request is not valid", SEARCH),
      detail: "adults: Use decimal digits only",
      errors: [{ field: "adults", message: "Use decimal digits only" }],
    });
  });
});

describe("GET /v1/stays/{property_id} and its calendar refuse what is not there", () => {
  const calendar = (id: string, q: Record<string, string>) => `/v1/stays/${id}/availability?${new URLSearchParams(q)}`;
  const range = { room_type_id: "rt_err_a", from: inDays(5), to: inDays(8) };

  it("PROPERTY_NOT_FOUND for an unknown id and for an id that cannot be a property's", async () => {
    for (const id of ["prp_missing", "dep_0123456789", "x"]) {
      expect(await problem(`/v1/stays/${id}`)).toEqual({
        status: 404,
        body: {
          ...base("PROPERTY_NOT_FOUND", 404, "Property not found", `/v1/stays/${id}`),
          detail: `No property has the id '${id}'.`,
        },
      });
    }
    const { body } = await problem(calendar("prp_missing", range));
    expect(body).toMatchObject({ code: "PROPERTY_NOT_FOUND", detail: "No property has the id 'prp_missing'." });
  });

  it("ROOM_TYPE_NOT_FOUND for another property's room type", async () => {
    expect(await problem(calendar("prp_err_a", { ...range, room_type_id: "rt_err_b" }))).toEqual({
      status: 404,
      body: {
        ...base("ROOM_TYPE_NOT_FOUND", 404, "The property has no such room type", "/v1/stays/prp_err_a/availability"),
        detail: "Property prp_err_a has no room type 'rt_err_b'.",
        field: "room_type_id",
      },
    });
  });

  it("INVALID_DATE_RANGE, DATE_RANGE_TOO_LONG, DATE_IN_PAST and DATE_TOO_FAR", async () => {
    const instance = "/v1/stays/prp_err_a/availability";
    expect(await problem(calendar("prp_err_a", { ...range, from: inDays(8), to: inDays(5) }))).toEqual({
      status: 400,
      body: {
        ...base("INVALID_DATE_RANGE", 400, "The date range ends before it starts", instance),
        detail: `'to' (${inDays(5)}) is before 'from' (${inDays(8)}).`,
        field: "to",
      },
    });
    expect(await problem(calendar("prp_err_a", { ...range, to: addDays(range.from, 62) }))).toEqual({
      status: 400,
      body: {
        ...base("DATE_RANGE_TOO_LONG", 400, "The date range is too long", instance),
        detail: `${range.from} to ${addDays(range.from, 62)} covers 63 days; a range covers at most 62.`,
        field: "to",
        max_days: 62,
      },
    });
    const past = await problem(calendar("prp_err_a", { ...range, from: "2020-01-01", to: "2020-01-05" }));
    expect(past.body).toMatchObject({ code: "DATE_IN_PAST", field: "from" });
    const far = await problem(calendar("prp_err_a", { ...range, from: inDays(380), to: inDays(390) }));
    expect(far.body).toMatchObject({ code: "DATE_TOO_FAR", field: "to" });
  });

  it("VALIDATION_FAILED without a room type or with a malformed date", async () => {
    const { body } = await problem(calendar("prp_err_a", { from: "tomorrow", to: range.to }));
    expect(body.code).toBe("VALIDATION_FAILED");
    expect((body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(["from", "room_type_id"]);
  });
});

describe("stays routes never fail on the server", () => {
  const value = fc.oneof(
    fc.string(),
    fc.constantFrom(
      "REK",
      "LHR",
      "",
      "0",
      "-1",
      "0x3",
      "1e9",
      "NaN",
      checkIn,
      addDays(checkIn, 3),
      "2020-02-30",
      "%00",
      "🏨",
    ),
    fc.integer().map(String),
  );
  const keys = ["place", "check_in", "check_out", "rooms", "adults", "children", "price_min", "price_max", "price_per"];
  const params = fc.dictionary(
    fc.constantFrom(
      ...keys,
      "stars",
      "amenities",
      "property_types",
      "sort",
      "limit",
      "cursor",
      "room_type_id",
      "from",
      "to",
    ),
    value,
  );

  it("answers 2xx or 4xx problem+json for arbitrary query strings", async () => {
    await fc.assert(
      fc.asyncProperty(params, fc.constantFrom("search", "prp_err_a/availability", "prp_err_a"), async (p, path) => {
        const res = await api(`/v1/stays/${path}?${new URLSearchParams(p)}`);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get("content-type")).toBe("application/problem+json");
        await res.arrayBuffer();
      }),
      { numRuns: 150 },
    );
  });
});
