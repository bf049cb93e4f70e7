import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { eraseAccountJob, parseAccountJob, queueErasureDoneEmail } from "../src/accounts/erasure";
import { QUEUES } from "../src/config";
import { createDb } from "../src/db/client";
import { systemClock } from "../src/lib/clock";
import { deliverOutboxEmail, markOutboxEmailFailed } from "../src/notifications/deliver";
import worker from "../workers/index";
import { as, bookAs, itemsAt, settle } from "./support/account-bookings";
import { createKey, problemOf, type SignedIn, signIn } from "./support/accounts";
import { api } from "./support/app-client";
import { API } from "./support/bookings";
import { uniqueCaller } from "./support/limited-app";

let messages = 0;

/** The real queue handler (workers/index.ts), given the job DELETE /v1/me sends. */
async function consume(body: unknown) {
  const id = `acct-msg-${++messages}`;
  const batch = createMessageBatch(QUEUES.accountJobs, [{ id, timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return { id, result: await getQueueResult(batch, ctx) };
}

/** A traveller with a past confirmed booking and a cancelled one, a key, and unique personal data. */
async function travellerWithHistory() {
  const tag = crypto.randomUUID().slice(0, 8);
  const ada = await signIn(`erase.${tag}@example.com`);
  const family = `Erasable${tag}`;
  const travellers = [{ given_name: `Ada${tag}`, family_name: family, birth_date: "1815-12-10" }];
  const past = await bookAs(ada, `erase-past-${tag}`, travellers, ada.email);
  const cancelled = await bookAs(ada, `erase-cancelled-${tag}`, travellers, ada.email);
  await settle(past.id, "confirmed");
  await settle(cancelled.id, "cancelled");
  await itemsAt(past.id, 1_600_000_000, 1_600_003_600);
  await env.DB.prepare(
    `INSERT INTO email_outbox (id, booking_id, kind, dedupe_key, to_address, subject, text_body, html_body, status, created_at)
     VALUES (?, ?, 'booking_confirmed', ?, ?, ?, ?, ?, 'sent', 0)`,
  )
    .bind(`out_${tag}`, past.id, `erase:${tag}`, ada.email, `Booked, ${family}`, `Dear Ada${tag}`, `<p>${family}</p>`)
    .run();
  const key = await createKey(ada, { scopes: ["search"] });
  return { ada, tag, family, past, cancelled, key };
}

/** Every row of every table of ours, as text: where a personal value could hide. */
async function wholeDatabase(): Promise<string> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' AND name NOT LIKE '%_fts%'",
  ).all<{ name: string }>();
  const dumps = await Promise.all(
    results.map(async ({ name }) => JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results)),
  );
  return dumps.join("\n");
}

/**
 * What accounting keeps. Statuses are left out: the real payment queue settles these bookings'
 * charges in the background, whenever it runs; erasure must not touch amounts or payment rows.
 */
async function money(bookingId: string) {
  const booking = await env.DB.prepare("SELECT reference, total_minor, currency FROM bookings WHERE id = ?")
    .bind(bookingId)
    .first();
  const { results } = await env.DB.prepare("SELECT id, kind, amount_minor, currency FROM payments WHERE booking_id = ?")
    .bind(bookingId)
    .all();
  return { booking, payments: results };
}

const keeps = (before: Awaited<ReturnType<typeof money>>) => ({
  booking: before.booking,
  payments: expect.arrayContaining(before.payments),
});

/**
 * The "it is done" email went out through the outbox and EMAIL_JOBS (the real consumer, in the
 * background), and once delivered its row no longer names the address.
 */
async function erasureEmailDelivered(accountId: string) {
  await vi.waitFor(
    async () => {
      const done = await env.DB.prepare(
        "SELECT kind, to_address, status, subject FROM email_outbox WHERE dedupe_key = ?",
      )
        .bind(`account-erased:${accountId}`)
        .first();
      expect(done).toEqual({
        kind: "account_erased",
        to_address: "erased@erased.invalid",
        status: "sent",
        subject: "Your edgefare account has been deleted",
      });
    },
    { timeout: 15_000, interval: 50 },
  );
}

const erase = (who: SignedIn) => as(who, "/v1/me", { method: "DELETE" });

describe("DELETE /v1/me", () => {
  it("signs out everywhere at once, then the queued job leaves no personal data while the money stays", async () => {
    const { ada, tag, family, past, cancelled, key } = await travellerWithHistory();
    const before = [await money(past.id), await money(cancelled.id)];

    const res = await erase(ada);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ data: { id: ada.accountId, status: "erasing" } });
    expect(await problemOf(await as(ada, "/v1/me"))).toEqual({
      status: 401,
      code: "UNAUTHENTICATED",
      detail: "The credential is not valid: unknown, expired or revoked.",
    });
    const withKey = await api(`${API}/v1/places?q=lis`, {
      headers: { "x-api-key": key.key, "cf-connecting-ip": uniqueCaller().ip },
    });
    expect(withKey.status).toBe(401);
    const account = await env.DB.prepare("SELECT email, erased_at FROM accounts WHERE id = ?")
      .bind(ada.accountId)
      .first<{ email: string; erased_at: number }>();
    expect(account).toEqual({ email: `${ada.accountId}@erased.invalid`, erased_at: expect.any(Number) });

    const { id, result } = await consume(eraseAccountJob(ada.accountId, ada.email));
    expect(result.explicitAcks).toEqual([id]);
    await erasureEmailDelivered(ada.accountId);

    const everything = await wholeDatabase();
    for (const personal of [ada.email, family, `Ada${tag}`, "1815-12-10"]) {
      expect(everything.includes(personal), personal).toBe(false);
    }
    expect([await money(past.id), await money(cancelled.id)]).toEqual(before.map(keeps));
    const passengers = await env.DB.prepare(
      "SELECT given_name, family_name, birth_date FROM booking_passengers WHERE booking_id = ?",
    )
      .bind(past.id)
      .all();
    expect(passengers.results).toEqual([{ given_name: "[erased]", family_name: "[erased]", birth_date: null }]);
    const booking = await env.DB.prepare("SELECT contact_email, personal_data_erased_at FROM bookings WHERE id = ?")
      .bind(past.id)
      .first();
    expect(booking).toEqual({ contact_email: "erased@erased.invalid", personal_data_erased_at: expect.any(Number) });
  });

  it("is idempotent: the job delivered again changes nothing, and a second DELETE finds no session", async () => {
    const { ada, past } = await travellerWithHistory();
    expect((await erase(ada)).status).toBe(202);
    await consume(eraseAccountJob(ada.accountId, ada.email));
    await erasureEmailDelivered(ada.accountId);
    const once = await wholeDatabase();
    const erasedAt = await env.DB.prepare("SELECT personal_data_erased_at AS at FROM bookings WHERE id = ?")
      .bind(past.id)
      .first();
    const { id, result } = await consume(eraseAccountJob(ada.accountId, ada.email));
    expect(result.explicitAcks).toEqual([id]);
    expect(
      await env.DB.prepare("SELECT personal_data_erased_at AS at FROM bookings WHERE id = ?").bind(past.id).first(),
    ).toEqual(erasedAt);
    expect((await wholeDatabase()).length).toBe(once.length);
    expect((await erase(ada)).status).toBe(401);
  });

  it("is refused while a booking is still to come, and changes nothing", async () => {
    const ada = await signIn();
    const ahead = await bookAs(ada, "erase-ahead");
    await settle(ahead.id, "confirmed");
    await itemsAt(ahead.id, Math.floor(Date.now() / 1000) + 86_400);
    const pending = await bookAs(ada, "erase-pending");
    await settle(pending.id, "pending_payment");

    const res = await erase(ada);
    expect(await problemOf(res)).toEqual({
      status: 409,
      code: "ACCOUNT_HAS_UPCOMING_BOOKINGS",
      detail: "Bookings still to come need their travellers' names: cancel them, or ask again once they are over.",
      references: [ahead.reference, pending.reference].sort(),
    });
    expect((await as(ada, "/v1/me")).status).toBe(200);
  });

  it("leaves a live account alone when a job names it, and dead-letters a body it cannot read", async () => {
    const { ada, past } = await travellerWithHistory();
    const { result } = await consume(eraseAccountJob(ada.accountId, ada.email));
    expect(result.explicitAcks).toHaveLength(1);
    const emailed = await env.DB.prepare("SELECT COUNT(*) AS n FROM email_outbox WHERE dedupe_key = ?")
      .bind(`account-erased:${ada.accountId}`)
      .first();
    expect(emailed).toEqual({ n: 0 });
    const row = await env.DB.prepare("SELECT contact_email, personal_data_erased_at FROM bookings WHERE id = ?")
      .bind(past.id)
      .first();
    expect(row).toEqual({ contact_email: ada.email, personal_data_erased_at: null });

    const bad = await consume({ v: 7, kind: "erase_everything" });
    expect(bad.result.explicitAcks).toEqual([bad.id]);
    const dead = await env.DB.prepare("SELECT queue, body FROM dead_letters WHERE message_id = ?").bind(bad.id).first();
    expect(dead).toEqual({ queue: QUEUES.accountJobs, body: JSON.stringify({ v: 7, kind: "erase_everything" }) });
  });

  it("still reads a v1 job (no address): the erasure runs, without the email", () => {
    expect(parseAccountJob({ v: 1, kind: "erase_account", account_id: "acc_old1" })).toEqual(
      eraseAccountJob("acc_old1", null),
    );
    expect(parseAccountJob({ v: 2, kind: "erase_account", account_id: "acc_new1", notify: 7 })).toEqual(
      eraseAccountJob("acc_new1", null),
    );
    expect(parseAccountJob({ v: 2, kind: "erase_account", account_id: "not an id", notify: null })).toBeNull();
  });

  it("keeps the address out of D1 when the job dies: the dead letter is stored without it", async () => {
    const accountId = `acc_dead${crypto.randomUUID().slice(0, 8)}`;
    const address = `${accountId}@example.com`;
    const id = `acct-dlq-${++messages}`;
    const batch = createMessageBatch(QUEUES.accountDeadLetters, [
      { id, timestamp: new Date(), attempts: 1, body: eraseAccountJob(accountId, address) },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([id]);
    const dead = await env.DB.prepare("SELECT body FROM dead_letters WHERE message_id = ?").bind(id).first();
    expect(dead).toEqual({
      body: JSON.stringify({ v: 2, kind: "erase_account", account_id: accountId, notify: null }),
    });
  });

  it("forgets the address of the done email whether it is sent or given up", async () => {
    const accountId = `acc_gone${crypto.randomUUID().slice(0, 8)}`;
    const address = `${accountId}@example.com`;
    const db = createDb(env.DB);
    const outboxId = await queueErasureDoneEmail({ deps: { db, now: Date.now() }, input: { accountId, to: address } });
    const sent: string[] = [];
    const sender = {
      provider: "test",
      send: async (email: { to: string }) => {
        sent.push(email.to);
        return { ok: true as const, value: { providerMessageId: null } };
      },
    };
    // The dedupe key: a second write (a redelivered job) adds no row and no second email.
    await queueErasureDoneEmail({ deps: { db, now: Date.now() }, input: { accountId, to: address } });
    const stored = (
      await env.DB.prepare("SELECT id FROM email_outbox WHERE dedupe_key = ?")
        .bind(`account-erased:${accountId}`)
        .first<{ id: string }>()
    )?.id;
    expect(stored).toBe(outboxId);
    const outcome = await deliverOutboxEmail({
      deps: { db, sender, from: "edgefare@example.com", clock: systemClock },
      input: { outboxId },
    });
    expect(outcome).toEqual({ status: "sent", providerMessageId: null });
    expect(sent).toEqual([address]);
    const row = await env.DB.prepare("SELECT to_address, status FROM email_outbox WHERE id = ?").bind(outboxId).first();
    expect(row).toEqual({ to_address: "erased@erased.invalid", status: "sent" });

    const other = `acc_fail${crypto.randomUUID().slice(0, 8)}`;
    const pendingId = await queueErasureDoneEmail({
      deps: { db, now: Date.now() },
      input: { accountId: other, to: `${other}@example.com` },
    });
    await markOutboxEmailFailed(db, pendingId, "gave up");
    const failed = await env.DB.prepare("SELECT to_address, status FROM email_outbox WHERE id = ?")
      .bind(pendingId)
      .first();
    expect(failed).toEqual({ to_address: "erased@erased.invalid", status: "failed" });
  });
});
