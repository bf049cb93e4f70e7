import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { as, bookAs } from "./support/account-bookings";
import { linkTokenFor, problemOf, type SignedIn, signIn, uniqueEmail, verifyLink } from "./support/accounts";
import { api } from "./support/app-client";

/** A guest booking made with a fresh contact address. */
async function guestBooking(label: string) {
  const contact = uniqueEmail("guest");
  const booking = await bookAs(null, label, undefined, contact);
  return { ...booking, contact };
}

const askFor = (who: SignedIn, reference: string, email: string) =>
  as(who, "/v1/me/bookings/claim-link", { method: "POST", body: JSON.stringify({ reference, email }) });

const confirm = (who: SignedIn, token: string) =>
  as(who, "/v1/me/bookings/claim-link/confirm", { method: "POST", body: JSON.stringify({ token }) });

async function emailsTo(address: string): Promise<{ subject: string; text_body: string }[]> {
  const { results } = await env.DB.prepare("SELECT subject, text_body FROM email_outbox WHERE to_address = ?")
    .bind(address)
    .all<{ subject: string; text_body: string }>();
  return results;
}

const accountOf = async (bookingId: string) =>
  (await env.DB.prepare("SELECT account_id FROM bookings WHERE id = ?").bind(bookingId).first())?.account_id;

const INVALID = {
  status: 400,
  code: "CLAIM_LINK_INVALID",
  detail: "This link is not valid: it was used already, has expired, is wrong, or was asked for by another account.",
};

describe("claiming a guest booking by its contact address", () => {
  it("emails a single-use link to the booking's address; followed while signed in, the booking is the account's", async () => {
    const ada = await signIn();
    const booking = await guestBooking("claim-email");

    const asked = await askFor(ada, booking.reference.toLowerCase(), booking.contact.toUpperCase());
    expect(asked.status).toBe(202);
    expect(await asked.json()).toEqual({ data: { status: "sent" } });
    const [email] = await emailsTo(booking.contact);
    expect(email?.subject).toBe("Confirm your email address for edgefare");
    expect(email?.text_body).toMatch(/\/v1\/auth\/claim-link\?token=/);
    const token = await linkTokenFor(booking.contact);

    const page = await api(`/v1/auth/claim-link?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(await page.text()).toContain("/v1/me/bookings/claim-link/confirm");
    expect(await accountOf(booking.id)).toBeNull();

    const claimed = await confirm(ada, token);
    expect(claimed.status).toBe(200);
    expect(await claimed.json()).toMatchObject({ id: booking.id, reference: booking.reference });
    expect(await accountOf(booking.id)).toBe(ada.accountId);
    const mine = await (await as(ada, "/v1/me/bookings")).json<{ data: { reference: string }[] }>();
    expect(mine.data.map((b) => b.reference)).toEqual([booking.reference]);

    expect(await problemOf(await confirm(ada, token))).toEqual(INVALID);
  });

  it("answers the same, and emails nothing, for an unknown reference, another address or a claimed booking", async () => {
    const ada = await signIn();
    const bob = await signIn();
    const booking = await guestBooking("claim-email-same");
    const taken = await bookAs(bob, "claim-email-taken", undefined, bob.email);

    for (const [reference, email] of [
      ["ZZZZZZ", booking.contact],
      ["not a reference", booking.contact],
      [booking.reference, uniqueEmail("stranger")],
      [taken.reference, bob.email],
    ] as const) {
      const res = await askFor(ada, reference, email);
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ data: { status: "sent" } });
    }
    expect(await emailsTo(booking.contact)).toEqual([]);
    const toBob = (await emailsTo(bob.email)).map((e) => e.subject);
    expect(toBob).not.toContain("Confirm your email address for edgefare");
    const links = await env.DB.prepare("SELECT COUNT(*) AS n FROM magic_links WHERE account_id = ?")
      .bind(ada.accountId)
      .first();
    expect(links).toEqual({ n: 0 });
  });

  it("is the asking account's only: another account can neither use nor burn the link", async () => {
    const ada = await signIn();
    const mallory = await signIn();
    const booking = await guestBooking("claim-email-other");
    expect((await askFor(ada, booking.reference, booking.contact)).status).toBe(202);
    const token = await linkTokenFor(booking.contact);

    expect(await problemOf(await confirm(mallory, token))).toEqual(INVALID);
    // Nor is it a sign-in link: the sign-in route refuses it without consuming it.
    expect(await problemOf(await verifyLink(token, "bearer"))).toEqual({
      status: 400,
      code: "MAGIC_LINK_INVALID",
      detail: "This link is not valid: it was used already, has expired, or is wrong.",
    });
    expect(await accountOf(booking.id)).toBeNull();
    expect((await confirm(ada, token)).status).toBe(200);
    expect(await accountOf(booking.id)).toBe(ada.accountId);
  });

  it("refuses an expired link", async () => {
    const ada = await signIn();
    const booking = await guestBooking("claim-email-expired");
    expect((await askFor(ada, booking.reference, booking.contact)).status).toBe(202);
    const token = await linkTokenFor(booking.contact);
    await env.DB.prepare("UPDATE magic_links SET expires_at = ? WHERE account_id = ?")
      .bind(Math.floor(Date.now() / 1000) - 1, ada.accountId)
      .run();
    expect(await problemOf(await confirm(ada, token))).toEqual(INVALID);
    expect(await accountOf(booking.id)).toBeNull();
  });

  it("refuses a booking another account claimed with its owner token meanwhile, and never moves it", async () => {
    const ada = await signIn();
    const bob = await signIn();
    const booking = await guestBooking("claim-email-race");
    expect((await askFor(ada, booking.reference, booking.contact)).status).toBe(202);
    const token = await linkTokenFor(booking.contact);
    const byToken = await as(bob, "/v1/me/bookings/claim", {
      method: "POST",
      body: JSON.stringify({ reference: booking.reference, owner_token: booking.owner_token }),
    });
    expect(byToken.status).toBe(200);

    expect(await problemOf(await confirm(ada, token))).toEqual({
      status: 409,
      code: "BOOKING_ALREADY_CLAIMED",
      detail: "This booking belongs to another account.",
    });
    expect(await accountOf(booking.id)).toBe(bob.accountId);
  });

  it("allows 5 requests per 15 minutes per account, then 429 with Retry-After", async () => {
    const ada = await signIn();
    for (let i = 0; i < 5; i++) expect((await askFor(ada, "ZZZZZZ", uniqueEmail("spray"))).status).toBe(202);
    const refused = await askFor(ada, "ZZZZZZ", uniqueEmail("spray"));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await problemOf(refused)).toMatchObject({ code: "RATE_LIMITED", policy: "claim_link" });
  });

  it("needs a session to ask and to confirm", async () => {
    for (const path of ["/v1/me/bookings/claim-link", "/v1/me/bookings/claim-link/confirm"]) {
      const res = await api(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ reference: "ZZZZZZ", email: "a@example.com", token: "x" }),
      });
      expect(res.status).toBe(401);
    }
  });
});
