import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { api } from "./support/app-client";
import { futureDay } from "./support/search-fixtures";

const date = futureDay(5).date;

async function problem(query: string) {
  const res = await api(`https://edgefare.test/v1/search?${query}`);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await res.json<Record<string, unknown>>();
  expect(body.request_id).toBe(res.headers.get("x-request-id"));
  body.request_id = "<id>";
  return { status: res.status, body };
}

const base = (code: string, status: number, title: string) => ({
  type: `https://edgefare.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`,
  code,
  status,
  title,
  instance: "/v1/search",
  request_id: "<id>",
});

describe("GET /v1/search refuses bad input with a stable problem", () => {
  it("UNKNOWN_PLACE", async () => {
    expect(await problem(`origin=ZZZ&destination=PAR&date=${date}`)).toEqual({
      status: 400,
      body: {
        ...base("UNKNOWN_PLACE", 400, "Unknown place code"),
        detail: "No place or city has the code 'ZZZ'.",
        field: "origin",
      },
    });
  });

  it("SAME_ORIGIN_DESTINATION, also for two places of one city", async () => {
    expect(await problem(`origin=LHR&destination=lon&date=${date}`)).toEqual({
      status: 400,
      body: {
        ...base("SAME_ORIGIN_DESTINATION", 400, "Origin and destination are the same place"),
        detail: "LHR and LON are in the same city.",
      },
    });
  });

  it("DATE_IN_PAST", async () => {
    expect(await problem("origin=LON&destination=PAR&date=2020-01-01")).toEqual({
      status: 400,
      body: {
        ...base("DATE_IN_PAST", 400, "The date is in the past"),
        detail: expect.stringMatching(/^2020-01-01 is before today \(\d{4}-\d{2}-\d{2}\) at LON\.$/),
      },
    });
  });

  it("DATE_TOO_FAR", async () => {
    const far = futureDay(400).date;
    expect(await problem(`origin=LON&destination=PAR&date=${far}`)).toEqual({
      status: 400,
      body: {
        ...base("DATE_TOO_FAR", 400, "The date is too far ahead"),
        detail: expect.stringMatching(/^Searches reach at most 330 days ahead; \S+ is 40\d\.$/),
      },
    });
  });

  it("INVALID_PASSENGERS", async () => {
    expect(await problem(`origin=LON&destination=PAR&date=${date}&passengers=10`)).toEqual({
      status: 400,
      body: {
        ...base("INVALID_PASSENGERS", 400, "Passengers out of range"),
        detail: "passengers: Too big: expected number to be <=9",
        errors: [{ field: "passengers", message: "Too big: expected number to be <=9" }],
      },
    });
  });

  it("INVALID_SORT", async () => {
    const { status, body } = await problem(`origin=LON&destination=PAR&date=${date}&sort=cheapest`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ ...base("INVALID_SORT", 400, "Unknown sort order") });
    expect(body.errors).toEqual([
      { field: "sort", message: expect.stringContaining('"departure"|"price"|"duration"') },
    ]);
  });

  it("INVALID_CURSOR for a forged cursor", async () => {
    expect(await problem(`origin=LON&destination=PAR&date=${date}&cursor=bm90LWEtY3Vyc29y`)).toEqual({
      status: 400,
      body: {
        ...base("INVALID_CURSOR", 400, "The pagination cursor is not valid"),
        detail: "The cursor is malformed or belongs to a different search; start again without it.",
      },
    });
  });

  it("VALIDATION_FAILED lists every bad field", async () => {
    const { body } = await problem("origin=L&date=2026-13-45&limit=0&modes=plane");
    expect(body.code).toBe("VALIDATION_FAILED");
    expect((body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      "date",
      "destination",
      "limit",
      "modes.0",
      "origin",
    ]);
  });
});

describe("GET /v1/search never fails on the server", () => {
  const value = fc.oneof(
    fc.string(),
    fc.string({ unit: "grapheme" }),
    fc.constantFrom("LON", "PAR", "LHR", "", "0", "-1", "1e9", "NaN", date, "2020-02-30", "%00", "' OR 1=1 --", "🚆"),
    fc.integer().map(String),
  );
  const params = fc.dictionary(
    fc.constantFrom("origin", "destination", "date", "passengers", "cabin", "modes", "sort", "limit", "cursor", "x"),
    value,
  );

  it("answers 2xx or 4xx problem+json for arbitrary query strings", async () => {
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        const res = await api(`https://edgefare.test/v1/search?${new URLSearchParams(p)}`);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get("content-type")).toBe("application/problem+json");
        await res.arrayBuffer();
      }),
      { numRuns: 150 },
    );
  });
});
