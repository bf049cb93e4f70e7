import { describe, expect, it } from "vitest";
import { createEdgefareClient, isProblem } from "../packages/client/src/index";
import { api } from "./support/app-client";
import { API } from "./support/bookings";
import { seedDeparture } from "./support/inventory";

/** The published client, generated from /openapi.json, against the Worker (answers validated by api()). */
function client() {
  return createEdgefareClient({ baseUrl: API, fetch: (request) => api(request) });
}

describe("the typed client (packages/client)", () => {
  it("holds and books a departure with typed bodies and answers", async () => {
    const departureId = await seedDeparture("client", { fares: [{ cabin: "economy", capacity: 4, priceMinor: 9900 }] });
    const edgefare = client();

    const hold = await edgefare.POST("/v1/holds", {
      body: { departure_id: departureId, cabin: "economy", passengers: 2 },
    });
    expect(hold.response.status).toBe(201);
    expect(hold.data?.seats).toBe(2);
    const holdId = hold.data?.id ?? "";

    const read = await edgefare.GET("/v1/holds/{id}", { params: { path: { id: holdId } } });
    expect(read.data?.id).toBe(holdId);

    const booking = await edgefare.POST("/v1/bookings", {
      body: {
        hold_id: holdId,
        passengers: [
          { given_name: "Ada", family_name: "Lovelace" },
          { given_name: "Charles", family_name: "Babbage" },
        ],
        contact: { email: "ada@example.com" },
        payment: { method: "card", token: "tok_success" },
      },
    });
    expect(booking.response.status).toBe(202);
    expect(booking.data?.total_price).toEqual({ amount_minor: 19800, currency: "EUR" });

    const reference = booking.data?.reference ?? "";
    const lookup = await edgefare.GET("/v1/bookings/{reference}", {
      params: { path: { reference }, query: { family_name: "Lovelace" } },
    });
    expect(lookup.data?.reference).toBe(reference);
  });

  it("sends one Idempotency-Key per write, and a retry with the caller's key is a replay", async () => {
    const departureId = await seedDeparture("client-retry", {
      fares: [{ cabin: "economy", capacity: 4, priceMinor: 9900 }],
    });
    const edgefare = client();
    const body = { departure_id: departureId, cabin: "economy" as const, passengers: 1 };

    const first = await edgefare.POST("/v1/holds", { body });
    const second = await edgefare.POST("/v1/holds", { body });
    expect(first.data?.id).not.toBe(second.data?.id);

    const headers = { "idempotency-key": crypto.randomUUID() };
    const once = await edgefare.POST("/v1/holds", { body, headers });
    const again = await edgefare.POST("/v1/holds", { body, headers });
    expect(again.data?.id).toBe(once.data?.id);
  });

  it("answers an error with the API's problem document", async () => {
    const { data, error, response } = await client().POST("/v1/holds", {
      body: { departure_id: "dep_doesnotexist00", cabin: "economy", passengers: 1 },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(isProblem(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, code: "DEPARTURE_NOT_FOUND" });
  });
});
