import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { anonymiseExpiredPersonalData } from "../src/accounts/retention";
import { CRONS, GUEST_RETENTION } from "../src/config";
import { createDb } from "../src/db/client";
import { jsonLogger } from "../src/lib/logger";
import worker from "../workers/index";
import { bookAs, itemsAt, settle } from "./support/account-bookings";
import { signIn } from "./support/accounts";

const DAY = 86_400;
const deps = { db: createDb(env.DB), d1: env.DB, log: jsonLogger({ test: true }) };

/** Each test's bookings live in its own stretch of time (epoch seconds), far from today's. */
async function guestBooking(label: string, createdAt: number, endsAt: number, status = "confirmed") {
  const booked = await bookAs(null, label);
  await settle(booked.id, status, createdAt);
  await itemsAt(booked.id, createdAt + DAY, endsAt);
  return booked;
}

const erasedAt = async (id: string) =>
  (
    await env.DB.prepare("SELECT personal_data_erased_at AS at FROM bookings WHERE id = ?")
      .bind(id)
      .first<{ at: number | null }>()
  )?.at ?? null;

const passengers = async (id: string) =>
  (
    await env.DB.prepare("SELECT given_name, family_name, birth_date FROM booking_passengers WHERE booking_id = ?")
      .bind(id)
      .all()
  ).results;

describe("guest data retention", () => {
  it("anonymises at most the run's limit, oldest first, then the rest on the next runs, and nothing twice", async () => {
    const base = 1_000;
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await guestBooking(`retain-limit-${i}`, base + i, base + 2 * DAY));
    const now = (base + 3 * DAY + GUEST_RETENTION.days * DAY) * 1000;

    expect(await anonymiseExpiredPersonalData({ deps, now, limit: 2 })).toEqual({ guests: 2, erased_accounts: 0 });
    expect([await erasedAt(made[0]?.id ?? ""), await erasedAt(made[2]?.id ?? "")]).toEqual([now / 1000, null]);
    expect(await anonymiseExpiredPersonalData({ deps, now, limit: 2 })).toEqual({ guests: 1, erased_accounts: 0 });
    expect(await anonymiseExpiredPersonalData({ deps, now, limit: 2 })).toEqual({ guests: 0, erased_accounts: 0 });
    expect(await passengers(made[2]?.id ?? "")).toEqual([
      { given_name: "[erased]", family_name: "[erased]", birth_date: null },
    ]);
  });

  it(`runs in the nightly cleanup: guests ${GUEST_RETENTION.days} days after their last item ended, and no one else`, async () => {
    const base = 10_000_000;
    const now = base + 400 * DAY;
    const cutoff = now - GUEST_RETENTION.days * DAY;
    const expired = await guestBooking("retain-expired", base, cutoff - DAY);
    const recent = await guestBooking("retain-recent", base, cutoff + DAY);
    const unpaid = await guestBooking("retain-unpaid", base, cutoff - DAY, "pending_payment");
    const ada = await signIn();
    const owned = await bookAs(ada, "retain-owned");
    await settle(owned.id, "confirmed", base);
    await itemsAt(owned.id, base + DAY, cutoff - DAY);

    await worker.scheduled(createScheduledController({ scheduledTime: now * 1000, cron: CRONS.cleanup }), env);

    expect({
      expired: await erasedAt(expired.id),
      recent: await erasedAt(recent.id),
      unpaid: await erasedAt(unpaid.id),
      owned: await erasedAt(owned.id),
    }).toEqual({ expired: now, recent: null, unpaid: null, owned: null });
    const contact = await env.DB.prepare("SELECT contact_email FROM bookings WHERE id = ?").bind(expired.id).first();
    expect(contact).toEqual({ contact_email: "erased@erased.invalid" });
    expect(await passengers(recent.id)).toEqual([
      { given_name: "Ada", family_name: "Lovelace", birth_date: "1815-12-10" },
    ]);
  });

  it("finishes an erasure whose queued job never ran", async () => {
    const ada = await signIn();
    const booked = await bookAs(ada, "retain-erased");
    await settle(booked.id, "confirmed");
    await env.DB.prepare("UPDATE accounts SET erased_at = 1 WHERE id = ?").bind(ada.accountId).run();

    const done = await anonymiseExpiredPersonalData({ deps, now: Date.now(), limit: 1000 });

    expect(done.erased_accounts).toBeGreaterThanOrEqual(1);
    expect(await erasedAt(booked.id)).toEqual(expect.any(Number));
    expect(await passengers(booked.id)).toEqual([
      { given_name: "[erased]", family_name: "[erased]", birth_date: null },
    ]);
  });
});
