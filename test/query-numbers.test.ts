import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { futureDay } from "./support/search-fixtures";

const date = futureDay(5).date;
const get = (path: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`https://edgefare.test${path}`, { headers });

/** What a number in a query string may look like: decimal digits, nothing else. */
describe("numeric query parameters", () => {
  it.each([
    ["/v1/search?origin=LON&destination=PAR&date=${date}&passengers=0x2", "passengers", "INVALID_PASSENGERS"],
    ["/v1/search?origin=LON&destination=PAR&date=${date}&passengers=2.0", "passengers", "INVALID_PASSENGERS"],
    ["/v1/search?origin=LON&destination=PAR&date=${date}&limit=1e1", "limit", "VALIDATION_FAILED"],
    ["/v1/search?origin=LON&destination=PAR&date=${date}&limit=%205", "limit", "VALIDATION_FAILED"],
    ["/v1/places?q=lon&limit=0x5", "limit", "VALIDATION_FAILED"],
    ["/v1/admin/dead-letters?limit=1e1", "limit", "VALIDATION_FAILED"],
  ])("refuses %s, which is not written in decimal digits", async (path, field, code) => {
    const res = await get(path.replace("${date}", date), { authorization: "Bearer test-admin-key" });
    expect(res.status).toBe(400);
    const body = await res.json<{ code: string; errors: { field: string; message: string }[] }>();
    expect(body.code).toBe(code);
    expect(body.errors).toEqual([{ field, message: "Expected a whole number in decimal digits" }]);
  });

  it("still takes plain decimal numbers and defaults", async () => {
    expect((await get(`/v1/search?origin=LON&destination=PAR&date=${date}&passengers=2&limit=5`)).status).toBe(200);
    expect((await get("/v1/places?q=lon&limit=3")).status).toBe(200);
    expect((await get("/v1/places?q=lon")).status).toBe(200);
  });
});
