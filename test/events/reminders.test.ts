import { createScheduledController, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CRONS } from "../../src/config";
import worker from "../../workers/index";
import { api } from "../support/app-client";
import { API, chargeJobFor, deliver } from "../support/bookings";
import { insertEventUnit } from "../support/event-units";
import { uniqueCaller } from "../support/limited-app";

/**
 * The engine's hourly reminders reach an event's booking, worded from the item the events product
 * described. Through the cron trigger (not the task's name) and any reminder kind of the outbox, so
 * the test holds whatever the engine calls them.
 */
const runReminders = (scheduledTime: number) =>
  worker.scheduled(createScheduledController({ scheduledTime, cron: CRONS.reminders }), env);

function send(path: string, body: object) {
  return api(`${API}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip },
    body: JSON.stringify(body),
  });
}

const reminderOf = (bookingId: string) =>
  env.DB.prepare("SELECT subject, text_body FROM email_outbox WHERE booking_id = ? AND kind LIKE '%reminder'")
    .bind(bookingId)
    .first<{ subject: string; text_body: string }>();

describe("reminders before an event", () => {
  it("queue one reminder, within the 24 hours before the start, with the venue, the start and the tickets", async () => {
    const startsAt = Math.floor(Date.now() / 1000) + 10 * 3600;
    const fx = await insertEventUnit(env.DB, {
      startsAt,
      tiers: [{ id: "tier_ga", name: "General admission", capacity: 10 }],
    });
    const hold = await (await send("/v1/holds", { event_id: fx.id, tier_id: "tier_ga", quantity: 2 })).json<{
      id: string;
    }>();
    const res = await send("/v1/bookings", {
      hold_id: hold.id,
      passengers: [{ given_name: "Ada", family_name: "Lovelace" }],
      contact: { email: "ada@example.com" },
      payment: { method: "card", token: "tok_success" },
    });
    expect(res.status).toBe(202);
    const booking = await res.json<{ id: string }>();
    await deliver([await chargeJobFor(booking.id)]);

    // A day and more before the start: not yet.
    await runReminders((startsAt - 25 * 3600) * 1000);
    expect(await reminderOf(booking.id)).toBeNull();
    await runReminders(Date.now());
    const reminder = await reminderOf(booking.id);
    expect(reminder?.subject).toBe("Reminder: Fixture Night, within 24 hours");
    expect(reminder?.text_body).toContain("Starts: ");
    expect(reminder?.text_body).toContain("Venue: The Fixture Hall");
    expect(reminder?.text_body).toContain("Tickets: 2 × General admission");
    // A second run queues nothing more.
    await runReminders(Date.now() + 3600_000);
    const { results } = await env.DB.prepare(
      "SELECT count(*) AS n FROM email_outbox WHERE booking_id = ? AND kind LIKE '%reminder'",
    )
      .bind(booking.id)
      .all<{ n: number }>();
    expect(results).toEqual([{ n: 1 }]);
  });
});
