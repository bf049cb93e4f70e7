import { describe, expect, it } from "vitest";
import { api } from "./support/app-client";

const get = (query: string) => api(`https://edgefare.test/v1/places${query}`);

describe("GET /v1/places", () => {
  it("suggests a city first, then its places, in snake_case, cacheable for an hour", async () => {
    const res = await get("?q=lon&limit=3");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await res.json()).toEqual({
      data: [
        {
          code: "LON",
          type: "city",
          name: "London",
          city_code: "LON",
          city_name: "London",
          country: "GB",
          timezone: "Europe/London",
        },
        {
          code: "LHR",
          type: "place",
          name: "London Heathrow",
          kind: "airport",
          city_code: "LON",
          city_name: "London",
          country: "GB",
          lat: 51.47,
          lon: -0.454,
          timezone: "Europe/London",
        },
        expect.objectContaining({ code: "LGW", type: "place", kind: "airport" }),
      ],
      meta: { count: 3 },
    });
  });

  it("matches without accents or case", async () => {
    const body = await (await get("?q=ZUR")).json<{ data: { code: string; name: string }[] }>();
    expect(body.data[0]).toMatchObject({ code: "ZRH", name: "Zürich" });
    const sao = await (await get(`?q=${encodeURIComponent("São")}`)).json<{ data: { code: string }[] }>();
    expect(sao.data[0]?.code).toBe("SAO");
  });

  it("defaults to ten results and answers an empty list when nothing matches", async () => {
    const many = await (await get("?q=a")).json<{ data: unknown[]; meta: { count: number } }>();
    expect(many.meta.count).toBe(10);
    expect(await (await get("?q=qqqq")).json()).toEqual({ data: [], meta: { count: 0 } });
  });

  it("rejects a missing query with a validation problem", async () => {
    const res = await get("");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/validation-failed",
      title: "The request is not valid",
      status: 400,
      code: "VALIDATION_FAILED",
      detail: "q: Invalid input: expected string, received undefined",
      instance: "/v1/places",
      request_id: res.headers.get("x-request-id"),
      errors: [{ field: "q", message: "Invalid input: expected string, received undefined" }],
    });
  });

  it("rejects an out-of-range limit with a validation problem", async () => {
    const res = await get("?q=par&limit=51");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/validation-failed",
      title: "The request is not valid",
      status: 400,
      code: "VALIDATION_FAILED",
      detail: "limit: Too big: expected number to be <=50",
      instance: "/v1/places",
      request_id: res.headers.get("x-request-id"),
      errors: [{ field: "limit", message: "Too big: expected number to be <=50" }],
    });
  });

  it("is described in the OpenAPI document", async () => {
    const doc = await (await api("https://edgefare.test/openapi.json")).json<{
      paths: Record<string, unknown>;
    }>();
    expect(doc.paths["/v1/places"]).toMatchObject({ get: { tags: ["places"] } });
  });
});
