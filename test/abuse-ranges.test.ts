import { beforeAll, describe, expect, it } from "vitest";
import { ERROR_CATALOG, type ErrorCode } from "../src/lib/error-codes";
import { type AbuseFixture, ADMIN, abuseFixture, client, problemOf } from "./support/abuse";

let fx: AbuseFixture;
beforeAll(async () => {
  fx = await abuseFixture();
});

describe("numbers and dates out of any sensible range", () => {
  const departure = (departsAt: unknown, arrivesAt: unknown) => ({
    departures: [
      {
        mode: "flight",
        operator: "Far Air",
        number: "FA 9",
        origin: "LHR",
        destination: "CDG",
        departs_at: departsAt,
        arrives_at: arrivesAt,
        fares: [{ cabin: "economy", capacity: 10, price_minor: 100, currency: "EUR" }],
      },
    ],
  });
  const cases: [string, string, RequestInit, string][] = [
    ["huge search limit", "/v1/search?origin=LON&destination=PAR&date=${date}&limit=1e309", {}, "VALIDATION_FAILED"],
    ["negative search limit", "/v1/search?origin=LON&destination=PAR&date=${date}&limit=-1", {}, "VALIDATION_FAILED"],
    ["huge places limit", "/v1/places?q=lon&limit=99999999999999999999", {}, "VALIDATION_FAILED"],
    [
      "huge dead-letter limit",
      "/v1/admin/dead-letters?limit=1e6",
      { headers: { authorization: ADMIN } },
      "VALIDATION_FAILED",
    ],
    [
      "negative passengers",
      "/v1/search?origin=LON&destination=PAR&date=${date}&passengers=-2",
      {},
      "INVALID_PASSENGERS",
    ],
    // Numbers in query strings are decimal digits only: Number() would read these as 3, 10, 5 and 5.
    [
      "a hexadecimal search limit",
      "/v1/search?origin=LON&destination=PAR&date=${date}&limit=0x3",
      {},
      "VALIDATION_FAILED",
    ],
    ["an exponent in the places limit", "/v1/places?q=lon&limit=1e1", {}, "VALIDATION_FAILED"],
    [
      "passengers with a sign",
      "/v1/search?origin=LON&destination=PAR&date=${date}&passengers=%2B5",
      {},
      "INVALID_PASSENGERS",
    ],
    [
      "a dead-letter limit with a decimal point",
      "/v1/admin/dead-letters?limit=5.0",
      { headers: { authorization: ADMIN } },
      "VALIDATION_FAILED",
    ],
    ["a search in year 9999", "/v1/search?origin=LON&destination=PAR&date=9999-12-31", {}, "DATE_TOO_FAR"],
    ["a search before the epoch", "/v1/search?origin=LON&destination=PAR&date=1969-12-31", {}, "DATE_IN_PAST"],
    [
      "a departure at epoch 1e13 s (no Date can hold it)",
      "/v1/admin/departures",
      adminPost(departure(1e13, 1e13 + 3600)),
      "VALIDATION_FAILED",
    ],
    [
      "a departure past year 9999",
      "/v1/admin/departures",
      adminPost(departure(253_402_300_800, 253_402_304_400)),
      "VALIDATION_FAILED",
    ],
    ["a departure at a negative time", "/v1/admin/departures", adminPost(departure(-1, 3600)), "VALIDATION_FAILED"],
    [
      "a negative capacity",
      "/v1/admin/departures/${departure}",
      adminPatch({ fares: [{ cabin: "economy", capacity: -5 }] }),
      "VALIDATION_FAILED",
    ],
    [
      "a hold for -1 passengers",
      "/v1/holds",
      jsonPost({ departure_id: "${departure}", cabin: "economy", passengers: -1 }),
      "VALIDATION_FAILED",
    ],
    [
      "a hold for 2^53 passengers",
      "/v1/holds",
      jsonPost({ departure_id: "${departure}", cabin: "economy", passengers: 2 ** 53 }),
      "VALIDATION_FAILED",
    ],
  ];

  it.each(cases)("%s: a clear problem, not a 5xx", async (_, template, init, code) => {
    const fill = (text: string) =>
      text
        .replaceAll("${date}", String((fx.known["?date"] as string[])[0]))
        .replaceAll("${departure}", String(fx.departureId));
    const body = typeof init.body === "string" ? fill(init.body) : undefined;
    const res = await client(fill(template), { ...init, ...(body ? { body } : {}) });
    expect(res.status).toBe(ERROR_CATALOG[code as ErrorCode].status);
    expect(await problemOf(res)).toMatchObject({
      code,
      status: res.status,
      title: ERROR_CATALOG[code as ErrorCode].title,
    });
  });

  it("accepts a departure in year 9999 given as ISO 8601, and shows it back", async () => {
    const res = await client(
      "/v1/admin/departures",
      adminPost(departure("9999-12-30T08:00:00Z", "9999-12-30T10:00:00Z")),
    );
    expect(res.status).toBe(201);
    const { data } = await res.json<{ data: { ids: string[] } }>();
    const shown = await client(`/v1/departures/${data.ids[0]}`);
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ departs_at: "9999-12-30T08:00:00.000Z", service_date: "9999-12-30" });
  });
});

const jsonPost = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const adminPost = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", authorization: ADMIN },
  body: JSON.stringify(body),
});
const adminPatch = (body: unknown): RequestInit => ({ ...adminPost(body), method: "PATCH" });
