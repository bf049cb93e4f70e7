import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { listMyTrips } from "../src/accounts/my-trips";
import { createDb } from "../src/db/client";
import { as } from "./support/account-bookings";
import { problemOf, type SignedIn, signIn } from "./support/accounts";
import { api } from "./support/app-client";
import { bookingBody } from "./support/bookings";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";
import { heldSeats, tripObject } from "./support/trips";

interface TripBody {
  id: string;
  status: string;
  items: { index: number; unit_id: string; hold: { status: string } | null }[];
  booking_id: string | null;
}

interface Page {
  data: TripBody[];
  links: { self: string; next: string | null };
}

/** A two-departure trip, created signed in as `who` or as a guest. */
async function createTrip(who: SignedIn | null, label: string): Promise<TripBody> {
  const units = await Promise.all([seedDeparture(`${label}-a`), seedDeparture(`${label}-b`)]);
  const body = JSON.stringify({
    items: units.map((departure_id) => ({ departure_id, cabin: "economy", passengers: 1 })),
  });
  const res = who
    ? await as(who, "/v1/trips", { method: "POST", body })
    : await api("/v1/trips", {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip },
        body,
      });
  expect(res.status).toBe(201);
  return res.json<TripBody>();
}

async function myTrips(who: SignedIn, query = ""): Promise<Page> {
  const res = await as(who, `/v1/me/trips${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("private, no-store");
  return res.json<Page>();
}

const ids = (page: Page) => page.data.map((t) => t.id);

/** Orders the account's trips by creation time, as the test means them (a fast machine creates two in one second). */
async function createdAt(tripId: string, epochSeconds: number): Promise<void> {
  await env.DB.prepare("UPDATE account_trips SET created_at = ? WHERE trip_id = ?").bind(epochSeconds, tripId).run();
}

describe("GET /v1/me/trips", () => {
  it("lists the trips created while signed in, with their items and status now, and no one else's", async () => {
    const ada = await signIn();
    const other = await signIn();
    const held = await createTrip(ada, "my-trip-held");
    const released = await createTrip(ada, "my-trip-released");
    const booked = await createTrip(ada, "my-trip-booked");
    const expired = await createTrip(ada, "my-trip-expired");
    const theirs = await createTrip(other, "their-trip");
    await createTrip(null, "guest-trip");
    const base = Math.floor(Date.now() / 1000);
    for (const [i, trip] of [held, released, booked, expired].entries()) await createdAt(trip.id, base - 10 + i);

    expect((await as(ada, `/v1/trips/${released.id}`, { method: "DELETE" })).status).toBe(200);
    const { hold_id: _none, ...bookBody } = bookingBody("", "tok_pending");
    const booking = await as(ada, `/v1/trips/${booked.id}/book`, { method: "POST", body: JSON.stringify(bookBody) });
    expect(booking.status).toBe(202);
    const { id: bookingId } = await booking.json<{ id: string }>();
    // The coordinator's clock past the holds' expiry: the trip is over, whatever the alarm has done.
    await runInDurableObject(tripObject(expired.id), (object) => {
      object.deps.clock = { now: () => Date.now() + 3_600_000 };
    });

    const page = await myTrips(ada);
    expect(ids(page)).toEqual([expired.id, booked.id, released.id, held.id]);
    expect(page.data.map((t) => [t.status, t.booking_id])).toEqual([
      ["expired", null],
      ["booked", bookingId],
      ["released", null],
      ["held", null],
    ]);
    // Each trip is what GET /v1/trips/{id} answers.
    expect(page.data[3]).toEqual(await (await as(ada, `/v1/trips/${held.id}`)).json());
    expect(page.data[2]?.items.map((i) => i.hold?.status)).toEqual(["released", "released"]);
    expect(page.links.next).toBeNull();

    expect(ids(await myTrips(other))).toEqual([theirs.id]);
  });

  it("pages with links.next, and refuses a cursor that is not one", async () => {
    const ada = await signIn();
    const trips = [];
    for (const n of [0, 1, 2]) trips.push(await createTrip(ada, `my-trip-page-${n}`));
    const base = Math.floor(Date.now() / 1000);
    for (const [i, trip] of trips.entries()) await createdAt(trip.id, base - 10 + i);

    const first = await myTrips(ada, "?limit=2");
    expect(ids(first)).toEqual([trips[2]?.id, trips[1]?.id]);
    expect(first.links.next).toMatch(/\/v1\/me\/trips\?limit=2&cursor=/);
    const next = new URL(first.links.next ?? "");
    const second = await myTrips(ada, next.search);
    expect(ids(second)).toEqual([trips[0]?.id]);
    expect(second.links.next).toBeNull();

    expect(await problemOf(await as(ada, "/v1/me/trips?cursor=bm90LWEtY3Vyc29y"))).toEqual({
      status: 400,
      code: "INVALID_CURSOR",
      detail: "The cursor is not valid for this query; start again without it.",
    });
  });

  it("records a trip retried with the same Idempotency-Key once", async () => {
    const ada = await signIn();
    const units = await Promise.all([seedDeparture("my-trip-idem-a"), seedDeparture("my-trip-idem-b")]);
    const body = JSON.stringify({
      items: units.map((departure_id) => ({ departure_id, cabin: "economy", passengers: 1 })),
    });
    // A session's Idempotency-Keys are scoped by network, as a guest's are (src/idempotency/request.ts).
    const ip = uniqueCaller().ip;
    const send = () =>
      api("/v1/trips", {
        method: "POST",
        body,
        headers: {
          authorization: ada.bearer,
          "cf-connecting-ip": ip,
          "content-type": "application/json",
          "idempotency-key": "my-trip-once",
        },
      });
    const first = await send();
    const again = await send();
    expect([first.status, again.status]).toEqual([201, 201]);
    const { id } = await first.json<{ id: string }>();
    expect(ids(await myTrips(ada))).toEqual([id]);
  });

  it("needs a session", async () => {
    const res = await api("/v1/me/trips", { headers: { "cf-connecting-ip": uniqueCaller().ip } });
    expect(await problemOf(res)).toEqual({
      status: 401,
      code: "UNAUTHENTICATED",
      detail: "Sign in (a session cookie or `Authorization: Bearer efs_…`), or send an API key.",
    });
  });

  it("refuses a trip created with a session that does not verify, before anything is held", async () => {
    const units = await Promise.all([seedDeparture("my-trip-bad-a"), seedDeparture("my-trip-bad-b")]);
    const res = await api("/v1/trips", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "cf-connecting-ip": uniqueCaller().ip,
        authorization: "Bearer efs_notarealsessiontokennotarealsessiontokenxx",
      },
      body: JSON.stringify({ items: units.map((departure_id) => ({ departure_id, cabin: "economy", passengers: 1 })) }),
    });
    expect(res.status).toBe(401);
    expect(await Promise.all(units.map(heldSeats))).toEqual([0, 0]);
  });

  it("answers 503 when a trip's coordinator does not answer, rather than a list missing that trip", async () => {
    const who = await signIn();
    await createTrip(who, "my-trips-down");
    const { accountId } = who;
    const result = await listMyTrips({
      deps: {
        db: createDb(env.DB),
        now: Date.now(),
        read: async () => {
          throw new Error("the coordinator is unreachable");
        },
      },
      input: { accountId, limit: 10 },
    });
    expect(result).toEqual({
      ok: false,
      error: { code: "ORIGIN_UNAVAILABLE", detail: "Your trips cannot be read right now. Retry in a few seconds." },
    });
  });
});
