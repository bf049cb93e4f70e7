/**
 * Search, hold and book a seat against a running edgefare (`npm run dev`), then list dead letters
 * as an operator. Run: `node packages/client/examples/book-a-seat.ts` (Node 22.18+).
 * Type-checked by `npm run typecheck`, so it cannot drift from the client either.
 */
import { createEdgefareClient, isProblem } from "@edgefare/client";

const edgefare = createEdgefareClient({ baseUrl: process.env.EDGEFARE_URL ?? "http://127.0.0.1:8787" });

// Search (query parameters are typed: a misspelt name or a wrong type does not compile).
const { data: page } = await edgefare.GET("/v1/search", {
  params: { query: { origin: "LON", destination: "PAR", date: "2026-12-02", passengers: 2 } },
});
const departureId = page?.data.find((o) => o.departure_id !== null)?.departure_id; // direct, not an itinerary
if (!departureId) throw new Error("nothing direct on that day");

// Hold two seats; a retry with the same key answers the same hold.
const key = crypto.randomUUID();
const hold = await edgefare.POST("/v1/holds", {
  body: { departure_id: departureId, cabin: "economy", passengers: 2 },
  headers: { "idempotency-key": key },
});
if (hold.error) {
  if (isProblem(hold.error) && hold.error.code === "INSUFFICIENT_SEATS") console.log("sold out meanwhile");
  throw new Error(hold.error.detail);
}

// Book it with the sandbox's test card, then read it back.
const booking = await edgefare.POST("/v1/bookings", {
  body: {
    hold_id: hold.data.id,
    passengers: [
      { given_name: "Ada", family_name: "Lovelace" },
      { given_name: "Charles", family_name: "Babbage" },
    ],
    contact: { email: "ada@example.com" },
    payment: { method: "card", token: "tok_success" },
  },
});
if (!booking.data) throw new Error(booking.error?.detail);
const reference = booking.data.reference;
const { data: mine } = await edgefare.GET("/v1/bookings/{reference}", {
  params: { path: { reference }, query: { family_name: "Lovelace" } },
});
console.log(mine?.status); // pending_payment, then confirmed once the payment queue has run

// Operators: the admin key as a bearer token.
const admin = createEdgefareClient({
  baseUrl: "http://127.0.0.1:8787",
  token: process.env.ADMIN_API_KEY ?? "dev-admin-key",
});
const { data: letters } = await admin.GET("/v1/admin/dead-letters", { params: { query: { limit: 20 } } });
console.log(letters?.data.length, "dead letters waiting");
