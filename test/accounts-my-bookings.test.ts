import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { as, bookAs, itemsAt, settle } from "./support/account-bookings";
import { problemOf, signIn, signInWithCookie } from "./support/accounts";
import { api } from "./support/app-client";
import { API, bookingBody, placeHold } from "./support/bookings";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller } from "./support/limited-app";

const now = () => Math.floor(Date.now() / 1000);

interface Page {
  data: { reference: string; status: string; items: { title: string; starts_at: string }[] }[];
  links: { self: string; next: string | null };
}

const references = (page: Page) => page.data.map((b) => b.reference);

describe("GET /v1/me/bookings", () => {
  it("lists the bookings made while signed in, newest first, and no one else's", async () => {
    const ada = await signIn();
    const other = await signIn();
    const first = await bookAs(ada, "mine-1");
    const second = await bookAs(ada, "mine-2");
    await bookAs(other, "theirs");
    await bookAs(null, "guest");
    await settle(first.id, "confirmed", 1_800_000_000);
    await settle(second.id, "confirmed", 1_800_000_050);
    await itemsAt(second.id, 1_900_000_000);

    const res = await as(ada, "/v1/me/bookings");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const page = await res.json<Page & { data: Record<string, unknown>[] }>();
    expect(references(page)).toEqual([second.reference, first.reference]);
    expect(page.data[0]).toEqual({
      id: second.id,
      reference: second.reference,
      status: "confirmed",
      total_price: expect.objectContaining({ currency: expect.any(String) }),
      created_at: "2027-01-15T08:00:50.000Z",
      items: [
        {
          product: "departures",
          unit_id: expect.stringMatching(/^dep_/),
          title: expect.any(String),
          status: "active",
          quantity: 1,
          starts_at: "2030-03-17T17:46:40.000Z",
          ends_at: null,
          timezone: expect.any(String),
        },
      ],
      links: { self: `/v1/me/bookings/${second.reference}` },
    });
    const row = await env.DB.prepare("SELECT account_id FROM bookings WHERE id = ?").bind(first.id).first();
    expect(row).toEqual({ account_id: ada.accountId });
  });

  it("lists a trip booked while signed in, like any booking", async () => {
    const ada = await signIn();
    const units = await Promise.all([seedDeparture("mine-trip-a"), seedDeparture("mine-trip-b")]);
    const trip = await as(ada, "/v1/trips", {
      method: "POST",
      body: JSON.stringify({ items: units.map((departure_id) => ({ departure_id, cabin: "economy", passengers: 1 })) }),
    });
    expect(trip.status).toBe(201);
    const { hold_id: _none, ...body } = bookingBody("", "tok_pending");
    const booked = await as(ada, `/v1/trips/${(await trip.json<{ id: string }>()).id}/book`, {
      method: "POST",
      body: JSON.stringify(body),
    });
    expect(booked.status).toBe(202);
    const { reference } = await booked.json<{ reference: string }>();
    const page = await (await as(ada, "/v1/me/bookings")).json<Page>();
    expect(references(page)).toContain(reference);
  });

  it("pages with a cursor bound to its filters, and filters by status and by upcoming", async () => {
    const ada = await signIn();
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await bookAs(ada, `page-${i}`));
    const [past, cancelled, ahead] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0]];
    await settle(past.id, "confirmed", 1000);
    await settle(cancelled.id, "cancelled", 1000);
    await settle(ahead.id, "confirmed", 1000);
    await itemsAt(past.id, now() - 86_400);
    await itemsAt(ahead.id, now() + 86_400);
    const byId = [past, cancelled, ahead].sort((a, b) => (a.id < b.id ? 1 : -1)).map((b) => b.reference);

    const one = await (await as(ada, "/v1/me/bookings?limit=2")).json<Page>();
    expect(references(one)).toEqual(byId.slice(0, 2));
    const next = new URL(one.links.next ?? "");
    const two = await (await as(ada, `${next.pathname}${next.search}`)).json<Page>();
    expect(two).toEqual({
      data: [expect.objectContaining({ reference: byId[2] })],
      links: { self: expect.any(String), next: null },
    });

    const upcoming = await (await as(ada, "/v1/me/bookings?upcoming=true")).json<Page>();
    expect(references(upcoming)).toEqual([ahead.reference]);
    const notUpcoming = await (await as(ada, "/v1/me/bookings?upcoming=false")).json<Page>();
    expect(references(notUpcoming).sort()).toEqual([past.reference, cancelled.reference].sort());
    const onlyCancelled = await (await as(ada, "/v1/me/bookings?status=cancelled")).json<Page>();
    expect(references(onlyCancelled)).toEqual([cancelled.reference]);

    const cursor = next.searchParams.get("cursor") ?? "";
    const reused = await as(ada, `/v1/me/bookings?status=confirmed&cursor=${cursor}`);
    expect(await problemOf(reused)).toEqual({
      status: 400,
      code: "INVALID_CURSOR",
      detail: "The cursor is not valid for this query; start again without it.",
    });
  });

  it("refuses anonymous callers and partner keys", async () => {
    const anonymous = await api(`${API}/v1/me/bookings`, { headers: { "cf-connecting-ip": uniqueCaller().ip } });
    expect(await problemOf(anonymous)).toEqual({
      status: 401,
      code: "UNAUTHENTICATED",
      detail: "Sign in (a session cookie or `Authorization: Bearer efs_…`), or send an API key.",
    });
  });
});

describe("creating a booking with a session", () => {
  it("refuses a session that does not verify instead of booking as a guest", async () => {
    const hold = await placeHold(await seedDeparture("bad-session"));
    const res = await api(`${API}/v1/bookings`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer efs_${"x".repeat(43)}`,
        "cf-connecting-ip": uniqueCaller().ip,
      },
      body: JSON.stringify(bookingBody(hold.id)),
    });
    expect(await problemOf(res)).toEqual({
      status: 401,
      code: "UNAUTHENTICATED",
      detail: "The credential is not valid: unknown, expired or revoked.",
    });
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM booking_items WHERE hold_id = ?")
      .bind(hold.id)
      .first();
    expect(count).toEqual({ n: 0 });
  });

  it("refuses a cookie-signed booking from another site", async () => {
    const { cookie } = await signInWithCookie();
    const hold = await placeHold(await seedDeparture("cross-site"));
    const res = await api(`${API}/v1/bookings`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie,
        origin: "https://evil.example",
        "cf-connecting-ip": uniqueCaller().ip,
      },
      body: JSON.stringify(bookingBody(hold.id)),
    });
    expect(await problemOf(res)).toEqual({
      status: 403,
      code: "CROSS_SITE_REQUEST",
      detail: "Writes signed in by cookie must come from this site; apps use a bearer token.",
    });
  });
});

describe("claiming a guest booking", () => {
  it("with its owner token adds it to the account, once; a second account is refused", async () => {
    const ada = await signIn();
    const guest = await bookAs(null, "claim");
    const claim = (who: typeof ada, token = guest.owner_token) =>
      as(who, "/v1/me/bookings/claim", {
        method: "POST",
        body: JSON.stringify({ reference: guest.reference.toLowerCase(), owner_token: token }),
      });
    const before = await as(ada, `/v1/me/bookings/${guest.reference}`);
    expect(await problemOf(before)).toEqual({
      status: 404,
      code: "BOOKING_NOT_FOUND",
      detail: "The account has no booking with this reference.",
    });

    const res = await claim(ada);
    expect(res.status).toBe(200);
    const claimed = await res.json<{ id: string; reference: string; passengers: unknown[] }>();
    expect(claimed).toMatchObject({
      id: guest.id,
      reference: guest.reference,
      passengers: [{ given_name: "Ada", family_name: "Lovelace", birth_date: "1815-12-10" }],
    });
    expect((await claim(ada)).status).toBe(200);
    const page = await (await as(ada, "/v1/me/bookings")).json<Page>();
    expect(references(page)).toEqual([guest.reference]);
    const view = await as(ada, `/v1/me/bookings/${guest.reference}`);
    expect(await view.json()).toMatchObject({ id: guest.id, reference: guest.reference });

    const intruder = await signIn();
    expect(await problemOf(await claim(intruder))).toEqual({
      status: 409,
      code: "BOOKING_ALREADY_CLAIMED",
      detail: "This booking belongs to another account.",
    });
    expect(await problemOf(await as(intruder, `/v1/me/bookings/${guest.reference}`))).toEqual({
      status: 404,
      code: "BOOKING_NOT_FOUND",
      detail: "The account has no booking with this reference.",
    });
  });

  it("needs the owner token: a wrong one is not found, and the contact address alone claims nothing", async () => {
    const email = `claim.${crypto.randomUUID().slice(0, 8)}@example.com`;
    const guest = await bookAs(null, "claim-wrong", undefined, email);
    const owner = await signIn(email);
    const res = await as(owner, "/v1/me/bookings/claim", {
      method: "POST",
      body: JSON.stringify({ reference: guest.reference, owner_token: `own_${"A".repeat(43)}` }),
    });
    expect(await problemOf(res)).toEqual({
      status: 404,
      code: "BOOKING_NOT_FOUND",
      detail: "No booking matches this reference and owner token.",
    });
    expect(references(await (await as(owner, "/v1/me/bookings")).json<Page>())).toEqual([]);
    const row = await env.DB.prepare("SELECT account_id FROM bookings WHERE id = ?").bind(guest.id).first();
    expect(row).toEqual({ account_id: null });
  });
});
