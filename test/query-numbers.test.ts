import { env } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { queryInteger } from "../src/api/schemas";
import { appClient } from "./support/app-client";
import { futureDay } from "./support/search-fixtures";

const date = futureDay(5).date;
const stays = `/v1/stays/search?place=LON&check_in=${date}&check_out=${futureDay(7).date}`;
const admin = { authorization: "Bearer test-admin-key" };

/** Every numeric query parameter of the API, with the problem code its route gives a bad value. */
const PARAMETERS = [
  {
    name: "passengers",
    path: `/v1/search?origin=LON&destination=PAR&date=${date}&passengers=`,
    code: "INVALID_PASSENGERS",
  },
  { name: "limit", path: `/v1/search?origin=LON&destination=PAR&date=${date}&limit=`, code: "VALIDATION_FAILED" },
  { name: "limit", path: "/v1/places?q=lon&limit=", code: "VALIDATION_FAILED" },
  { name: "limit", path: "/v1/admin/dead-letters?limit=", code: "VALIDATION_FAILED", headers: admin },
  { name: "rooms", path: `${stays}&adults=6&rooms=`, code: "VALIDATION_FAILED" },
  { name: "adults", path: `${stays}&adults=`, code: "VALIDATION_FAILED" },
  { name: "children", path: `${stays}&children=`, code: "VALIDATION_FAILED" },
  { name: "price_min", path: `${stays}&price_min=`, code: "VALIDATION_FAILED" },
  { name: "price_max", path: `${stays}&price_max=`, code: "VALIDATION_FAILED" },
  { name: "limit", path: `${stays}&limit=`, code: "VALIDATION_FAILED" },
  { name: "limit", path: "/v1/events/search?place=LON&limit=", code: "VALIDATION_FAILED" },
];

/** Spellings that z.coerce.number() read as a number. */
const NOT_DECIMAL = [
  "0x3",
  "0b11",
  "0o3",
  "1e0",
  "3e0",
  "+3",
  " 3",
  "3 ",
  "3.0",
  "3.",
  "",
  "-1",
  "Infinity",
  "NaN",
  "３",
  "3_0",
];

describe("numbers in query strings are decimal digits only", () => {
  it("refuses every other spelling on every numeric parameter, with a field error", async () => {
    const client = appClient(env);
    for (const p of PARAMETERS) {
      for (const value of NOT_DECIMAL) {
        const res = await client(`${p.path}${encodeURIComponent(value)}`, { headers: p.headers ?? {} });
        expect(res.status, `${p.path}${value}`).toBe(400);
        expect(await res.json(), `${p.path}${value}`).toMatchObject({
          code: p.code,
          errors: [{ field: p.name, message: expect.any(String) }],
        });
      }
      for (const value of ["3", "03"]) {
        const res = await client(`${p.path}${value}`, { headers: p.headers ?? {} });
        expect(res.status, `${p.path}${value}`).toBe(200);
      }
    }
  });

  it("accepts exactly the decimal strings in range (property)", () => {
    const schema = queryInteger({ min: 1, max: 100 });
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), (text) => {
        const parsed = schema.safeParse(text);
        const expected = /^[0-9]+$/.test(text) && Number(text) >= 1 && Number(text) <= 100;
        expect(parsed.success).toBe(expected);
        if (parsed.success) expect(parsed.data).toBe(Number.parseInt(text, 10));
      }),
    );
  });
});
