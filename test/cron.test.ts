import { applyD1Migrations, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { CRONS } from "../src/config";
import { CRON_TASKS } from "../workers/cron";
import worker from "../workers/index";
import { insertDeparture } from "./support/fixtures";
import { insertOutboxEmail, outboxRow } from "./support/notifications";

const NOW = Date.UTC(2026, 11, 14, 9, 0);
const HOUR = 3600;
const nowS = NOW / 1000;

function runCron(cron: string, scheduledTime = NOW) {
  return worker.scheduled(createScheduledController({ scheduledTime, cron }), env);
}

async function insertBooking(opts: {
  id: string;
  departureId: string;
  status: string;
  email?: string;
  holdExpiresAt?: number;
}) {
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO bookings (id, reference, status, total_minor, currency, contact_email, owner_token_hash,
       payment_method, payment_token, payment_state, hold_expires_at, created_at, updated_at)
       VALUES (?, ?, ?, 12900, 'EUR', ?, 'hash', 'card', 'tok', 'succeeded', ?, ?, ?)`,
    ).bind(
      opts.id,
      opts.id.slice(-6).toUpperCase(),
      opts.status,
      opts.email ?? `${opts.id}@example.com`,
      opts.holdExpiresAt ?? nowS - HOUR,
      nowS - 2 * HOUR,
      nowS - 2 * HOUR,
    ),
    env.DB.prepare(
      `INSERT INTO booking_passengers (booking_id, position, given_name, family_name, family_name_folded)
       VALUES (?, 0, 'Grace', 'Hopper', 'hopper')`,
    ).bind(opts.id),
    // The item as the departures product describes it (src/products/departures/describe.ts).
    env.DB.prepare(
      `INSERT INTO booking_items (id, booking_id, position, product, unit_id, hold_id, status, lines, quantity,
       total_minor, currency, starts_at, ends_at, timezone, snapshot, refund_policy)
       SELECT ?, ?, 0, 'departures', id, ?, 'active', '[]', 1, 12900, 'EUR', departs_at, arrives_at, 'Europe/London',
         json_object('title', origin_code || ' → ' || destination_code, 'details', json_array(json_array('Service', operator || ' ' || number)),
           'location', origin_code, 'startLabel', 'Departs', 'calendarSummary', 'Flight'), '[]'
       FROM departures WHERE id = ?`,
    ).bind(`itm_${opts.id.slice(4)}`, opts.id, `hld_${opts.id}`, opts.departureId),
  ]);
}

async function reminderFor(bookingId: string) {
  return env.DB.prepare(
    "SELECT id, to_address, subject, text_body, status FROM email_outbox WHERE booking_id = ? AND kind = 'booking_reminder'",
  )
    .bind(bookingId)
    .first<{ id: string; to_address: string; subject: string; text_body: string; status: string }>();
}

beforeEach(async () => {
  await env.DB.exec("DELETE FROM email_outbox");
});

describe("cron dispatch", () => {
  it("has tasks for the email work in the table, keyed like CRONS", () => {
    expect(Object.keys(CRON_TASKS).sort()).toEqual(Object.keys(CRONS).sort());
    expect(CRON_TASKS.reminders.map((t) => t.name)).toContain("scheduleReminders");
    expect(CRON_TASKS.reconcile.map((t) => t.name)).toEqual([
      "reconcileBookings",
      "announceCancelledItems",
      "sweepPendingOutbox",
    ]);
    expect(CRON_TASKS.cleanup.map((t) => t.name)).toEqual([
      "purgeExpiredIdempotencyKeys",
      "purgeSentOutbox",
      "purgeExpiredCredentials",
      "anonymiseExpiredPersonalData",
    ]);
  });

  it("runs the popular-route refresh on its own trigger", async () => {
    expect(CRON_TASKS.refreshPopularRoutes.map((t) => t.name)).toEqual([
      "refreshPopularRoutes",
      "refreshPopularCityNights",
    ]);
    await expect(runCron(CRONS.refreshPopularRoutes)).resolves.toBeUndefined();
  });

  it("fails the invocation for a cron expression it has no job for", async () => {
    await expect(runCron("*/7 * * * *")).rejects.toThrow('No job is declared for cron "*/7 * * * *"');
  });
});

describe("reminders (hourly)", () => {
  it("queues one reminder per item of a confirmed booking starting in the next 24 hours", async () => {
    await insertDeparture(env.DB, {
      id: "dep_soon",
      departsAt: nowS + 10 * HOUR,
      originCode: "LHR",
      destinationCode: "CDG",
    });
    await insertDeparture(env.DB, { id: "dep_later", departsAt: nowS + 30 * HOUR });
    await insertDeparture(env.DB, { id: "dep_gone", departsAt: nowS - HOUR });
    await insertBooking({ id: "bkg_due", departureId: "dep_soon", status: "confirmed" });
    await insertBooking({ id: "bkg_unpaid", departureId: "dep_soon", status: "pending_payment" });
    await insertBooking({ id: "bkg_cancelled", departureId: "dep_soon", status: "cancelled" });
    await insertBooking({ id: "bkg_later", departureId: "dep_later", status: "confirmed" });
    await insertBooking({ id: "bkg_past", departureId: "dep_gone", status: "confirmed" });

    await runCron(CRONS.reminders);

    const reminder = await reminderFor("bkg_due");
    expect(reminder).toMatchObject({
      to_address: "bkg_due@example.com",
      subject: "Reminder: LHR → CDG, within 24 hours",
    });
    expect(reminder?.text_body).toContain("Traveller: Grace Hopper");
    expect(reminder?.text_body).toContain("Departs: Mon, 14 Dec 2026, 19:00 GMT");
    for (const other of ["bkg_unpaid", "bkg_cancelled", "bkg_later", "bkg_past"]) {
      expect(await reminderFor(other)).toBeNull();
    }
    // The job went onto the real EMAIL_JOBS queue and this Worker's consumer delivered it.
    await vi.waitFor(async () => expect((await reminderFor("bkg_due"))?.status).toBe("sent"), {
      timeout: 15_000,
      interval: 100,
    });
  });

  it("does not queue a second reminder on the next run", async () => {
    await insertDeparture(env.DB, { id: "dep_twice", departsAt: nowS + 20 * HOUR });
    await insertBooking({ id: "bkg_twice", departureId: "dep_twice", status: "confirmed" });

    await runCron(CRONS.reminders);
    await runCron(CRONS.reminders, NOW + HOUR * 1000);

    const { results } = await env.DB.prepare("SELECT id FROM email_outbox WHERE booking_id = ?")
      .bind("bkg_twice")
      .all();
    expect(results).toHaveLength(1);
  });

  it("sends nothing again after migration 0017 renamed the reminders already in the outbox", async () => {
    await insertDeparture(env.DB, { id: "dep_renamed", departsAt: nowS + 20 * HOUR });
    await insertBooking({ id: "bkg_renamed", departureId: "dep_renamed", status: "confirmed" });
    await insertBooking({ id: "bkg_old_key", departureId: "dep_renamed", status: "confirmed" });
    // As the outbox was before 0017: reminders stored under the old kind, one keyed by its item,
    // one by its booking (from before bookings had items).
    for (const [booking, key] of [
      ["bkg_renamed", "reminder:itm_renamed"],
      ["bkg_old_key", "reminder:bkg_old_key"],
    ]) {
      await env.DB.prepare(
        `INSERT INTO email_outbox (id, booking_id, kind, dedupe_key, to_address, subject, text_body, html_body, status,
         attempts, created_at) VALUES (?, ?, 'departure_reminder', ?, 'a@example.com', 's', 't', 'h', 'sent', 1, ?)`,
      )
        .bind(`eml_${booking}`, booking, key, nowS - HOUR)
        .run();
    }
    await env.DB.prepare("DELETE FROM d1_migrations WHERE name = '0017_booking_reminder_kind.sql'").run();
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

    await runCron(CRONS.reminders);

    const { results } = await env.DB.prepare(
      "SELECT id, kind, dedupe_key FROM email_outbox WHERE booking_id IN ('bkg_renamed', 'bkg_old_key') ORDER BY id",
    ).all();
    expect(results).toEqual([
      { id: "eml_bkg_old_key", kind: "booking_reminder", dedupe_key: "reminder:bkg_old_key" },
      { id: "eml_bkg_renamed", kind: "booking_reminder", dedupe_key: "reminder:itm_renamed" },
    ]);
  });

  it("skips units an operator cancelled", async () => {
    await insertDeparture(env.DB, { id: "dep_cxl", departsAt: nowS + 5 * HOUR });
    await env.DB.prepare(
      "INSERT INTO unit_cancellations (unit_id, product, reason, cancelled_at) VALUES ('dep_cxl', 'departures', 'storm', ?)",
    )
      .bind(nowS)
      .run();
    await insertBooking({ id: "bkg_cxl", departureId: "dep_cxl", status: "confirmed" });

    await runCron(CRONS.reminders);

    expect(await reminderFor("bkg_cxl")).toBeNull();
  });
});

describe("reconcile (every five minutes)", () => {
  it("expires an unpaid booking past its hold deadline and queues the hold-expired email", async () => {
    await insertDeparture(env.DB, { id: "dep_unpaid", departsAt: nowS + 48 * HOUR });
    await insertBooking({
      id: "bkg_unpaid_late",
      departureId: "dep_unpaid",
      status: "pending_payment",
      holdExpiresAt: nowS - 10 * 60,
    });
    await env.DB.prepare(
      `INSERT INTO payments (id, booking_id, kind, status, amount_minor, currency, provider, idempotency_key,
       attempts, created_at, updated_at) VALUES ('pay_unpaid', 'bkg_unpaid_late', 'charge', 'pending', 12900, 'EUR',
       'sandbox', 'charge:bkg_unpaid_late', 0, ?, ?)`,
    )
      .bind(nowS - HOUR, nowS - HOUR)
      .run();

    await runCron(CRONS.reconcile);

    const booking = await env.DB.prepare("SELECT status FROM bookings WHERE id = 'bkg_unpaid_late'").first();
    expect(booking).toEqual({ status: "expired" });
    const email = await env.DB.prepare(
      "SELECT kind, to_address FROM email_outbox WHERE booking_id = 'bkg_unpaid_late'",
    ).all();
    expect(email.results).toEqual([{ kind: "hold_expired", to_address: "bkg_unpaid_late@example.com" }]);
  });
});

describe("outbox sweep (every five minutes)", () => {
  it("re-enqueues rows whose first delivery never started, and only those", async () => {
    const lost = await insertOutboxEmail({ now: NOW - 5 * 60_000 });
    const fresh = await insertOutboxEmail({ now: NOW - 10_000 });
    const retrying = await insertOutboxEmail({ now: NOW - 5 * 60_000 });
    await env.DB.prepare("UPDATE email_outbox SET attempts = 2 WHERE id = ?").bind(retrying).run();

    await runCron(CRONS.reconcile);

    await vi.waitFor(async () => expect(await outboxRow(lost)).toMatchObject({ status: "sent", attempts: 1 }), {
      timeout: 15_000,
      interval: 100,
    });
    expect(await outboxRow(fresh)).toMatchObject({ status: "pending", attempts: 0 });
    expect(await outboxRow(retrying)).toMatchObject({ status: "pending", attempts: 2 });
  });
});

describe("outbox sweep: an email whose retry was lost", () => {
  it("re-enqueues a row whose last attempt is older than any retry still waiting could be", async () => {
    // First attempt failed and asked for a retry; the stack restarted and the retry is gone.
    const lost = await insertOutboxEmail({ now: NOW - 30 * 60_000 });
    const waiting = await insertOutboxEmail({ now: NOW - 30 * 60_000 });
    const attempted = env.DB.prepare("UPDATE email_outbox SET attempts = 1, last_attempt_at = ? WHERE id = ?");
    await env.DB.batch([
      attempted.bind(nowS - 11 * 60, lost),
      // Within the longest retry delay (8 min after the fifth delivery) plus slack: its retry may still come.
      attempted.bind(nowS - 5 * 60, waiting),
    ]);

    await runCron(CRONS.reconcile);

    await vi.waitFor(async () => expect(await outboxRow(lost)).toMatchObject({ status: "sent", attempts: 2 }), {
      timeout: 15_000,
      interval: 100,
    });
    expect(await outboxRow(waiting)).toMatchObject({ status: "pending", attempts: 1 });
  });
});

describe("nightly cleanup", () => {
  it("purges expired Idempotency-Key records", async () => {
    const insert = (key: string, expiresAt: number) =>
      env.DB.prepare(
        `INSERT INTO idempotency_keys (scope, key, request_hash, state, created_at, expires_at)
         VALUES ('client:test', ?, 'h', 'done', ?, ?)`,
      ).bind(key, expiresAt - 86_400, expiresAt);
    await env.DB.batch([insert("expired", nowS - 60), insert("live", nowS + 3600)]);

    await runCron(CRONS.cleanup);

    const { results } = await env.DB.prepare("SELECT key FROM idempotency_keys WHERE scope = 'client:test'").all();
    expect(results).toEqual([{ key: "live" }]);
  });

  it("deletes sent emails older than 30 days and keeps everything else", async () => {
    const day = 86_400_000;
    const oldSent = await insertOutboxEmail({ now: NOW - 31 * day });
    const recentSent = await insertOutboxEmail({ now: NOW - 29 * day });
    const oldFailed = await insertOutboxEmail({ now: NOW - 40 * day });
    const oldPending = await insertOutboxEmail({ now: NOW - 40 * day });
    await env.DB.prepare("UPDATE email_outbox SET status = 'sent' WHERE id IN (?, ?)").bind(oldSent, recentSent).run();
    await env.DB.prepare("UPDATE email_outbox SET status = 'failed' WHERE id = ?").bind(oldFailed).run();

    await runCron(CRONS.cleanup);

    expect(await outboxRow(oldSent)).toBeNull();
    expect(await outboxRow(recentSent)).not.toBeNull();
    expect(await outboxRow(oldFailed)).not.toBeNull();
    expect(await outboxRow(oldPending)).not.toBeNull();
  });
});
