import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/http/app";
import { linkTokenFor, signInWithCookie, uniqueEmail, verifyLink } from "./support/accounts";
import { api, appClient, ORIGIN } from "./support/app-client";
import { seedDeparture } from "./support/inventory";
import { SMALL_BUDGETS, uniqueCaller } from "./support/limited-app";
import { envWithRedis } from "./support/redis";

/** Sign-in, "My trips" and sign-out pages (src/web/account-routes.ts) over the accounts API. */
const SAME_ORIGIN = { origin: ORIGIN, "sec-fetch-site": "same-origin" };

const get = (path: string, cookie?: string) => api(path, { redirect: "manual", headers: cookie ? { cookie } : {} });

function post(path: string, fields: Record<string, string>, cookie?: string) {
  return api(path, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "cf-connecting-ip": uniqueCaller().ip,
      ...SAME_ORIGIN,
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

describe("sign-in and my trips", () => {
  it("sends a guest from /me to sign in, emails a link, and shows the account's bookings once signed in", async () => {
    const away = await get("/me");
    expect(away.status).toBe(303);
    expect(away.headers.get("location")).toBe("/sign-in?next=/me");

    const form = await (await get("/sign-in?next=/me")).text();
    expect(form).toContain('action="/sign-in"');
    expect(form).toContain('<input type="hidden" name="next" value="/me" />');
    expect(form).toContain('src="/app/account.js"');

    const email = uniqueEmail("web");
    const sent = await post("/sign-in", { email, next: "/me" });
    expect(sent.status).toBe(202);
    expect(await sent.text()).toContain('data-wait-for-sign-in data-next="/me"');
    const verified = await verifyLink(await linkTokenFor(email), "cookie");
    const cookie = /^(__Host-ef_session=[^;]+)/.exec(verified.headers.get("set-cookie") ?? "")?.[1] ?? "";
    expect(cookie).not.toBe("");

    // A booking made through the pages while signed in belongs to the account.
    const day = new Date(Date.now() + 60 * 86_400_000);
    const departureId = await seedDeparture("web-me", {
      originCode: "LHR",
      destinationCode: "CDG",
      departsAt: Math.floor(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 9) / 1000),
      serviceDate: day.toISOString().slice(0, 10),
      fares: [{ cabin: "economy", capacity: 5, priceMinor: 10_000, currency: "EUR" }],
    });
    const held = await post(
      "/book/hold",
      { kind: "departure", departure_id: departureId, cabin: "economy", passengers: "1" },
      cookie,
    );
    expect(held.status).toBe(303);
    const checkout = held.headers.get("location") ?? "";
    const booked = await post(
      checkout,
      { given_name_0: "Ada", family_name_0: "Lovelace", email, payment_token: "tok_success" },
      cookie,
    );
    expect(booked.status).toBe(303);
    const reference = (booked.headers.get("location") ?? "").split("/").at(-1) ?? "";

    const me = await get("/me", cookie);
    expect(me.status).toBe(200);
    const html = await me.text();
    expect(html).toContain(email);
    expect(html).toContain(`href="/manage/${reference}"`);
    expect(html).toContain("LHR → CDG");

    // The account's booking opens without the owner token's cookie or a typed name.
    const manage = await get(`/manage/${reference}`, cookie);
    expect(manage.status).toBe(200);
    expect(await manage.text()).toContain(`Booking ${reference}`);
  });

  it("goes where next says after sign-in, but only to a path of this site", async () => {
    const { cookie } = await signInWithCookie();
    const cases: [string, string][] = [
      ["/console/events", "/console/events"],
      ["/me?cursor=abc", "/me?cursor=abc"],
      ["//evil.example/x", "/me"],
      ["/\\evil.example", "/me"],
      ["https://evil.example/", "/me"],
      ["javascript:alert(1)", "/me"],
    ];
    for (const [next, expected] of cases) {
      const res = await get(`/sign-in?next=${encodeURIComponent(next)}`, cookie);
      expect(res.status, next).toBe(303);
      expect(res.headers.get("location"), next).toBe(expected);
    }
  });

  it("keeps the address typed when the API refuses it, and refuses a sign-in form from another site", async () => {
    const refused = await post("/sign-in", { email: "not-an-address", next: "/me" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('value="not-an-address"');
    expect(html).toContain("Error code VALIDATION_FAILED");
    const forged = await api("/sign-in", {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      },
      body: "email=ada%40example.com",
    });
    expect(forged.status).toBe(403);
  });

  it("lists the account's held trips with a link to check each out", async () => {
    const { cookie } = await signInWithCookie();
    const units = await Promise.all([seedDeparture("web-me-trip-a"), seedDeparture("web-me-trip-b")]);
    const created = await api("/v1/trips", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip, cookie, ...SAME_ORIGIN },
      body: JSON.stringify({ items: units.map((departure_id) => ({ departure_id, cabin: "economy", passengers: 1 })) }),
    });
    expect(created.status).toBe(201);
    const trip = await created.json<{ id: string }>();

    const html = await (await get("/me", cookie)).text();
    expect(html).toContain("Held, not booked yet");
    expect(html).toContain(`href="/book/trip/${trip.id}"`);
    expect(html).toContain("2 items");
  });

  it("tells a signed-in traveller over budget when to come back, instead of sending them to sign in", async () => {
    const { cookie } = await signInWithCookie();
    // Two lookups a minute: My trips spends one for the account and one per list.
    const client = appClient(envWithRedis({ ...env, RATE_LIMIT_OVERRIDES: SMALL_BUDGETS }), createApp());
    const ip = uniqueCaller().ip;
    const load = () => client("/me", { redirect: "manual", headers: { cookie, "cf-connecting-ip": ip } });
    let refused = await load();
    for (let i = 0; i < 3 && refused.status !== 429; i++) refused = await load();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("location")).toBeNull();
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("You are going a little fast. Wait a few seconds and try again.");
  });

  it("signs out: the session ends and its cookie is cleared", async () => {
    const { cookie } = await signInWithCookie();
    const out = await post("/sign-out", {}, cookie);
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/");
    expect(out.headers.getSetCookie().some((c) => c.startsWith("__Host-ef_session=;"))).toBe(true);
    expect((await api("/v1/me", { headers: { cookie } })).status).toBe(401);
    expect((await get("/me", cookie)).status).toBe(303);
  });
});
