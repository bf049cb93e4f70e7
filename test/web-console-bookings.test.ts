import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { QUEUES } from "../src/config";
import { recordDeadLetter } from "../src/dead-letters/record";
import { emailJob } from "../src/notifications/messages";
import { api } from "./support/app-client";
import { book, chargeJobFor, deliver, placeHold } from "./support/bookings";
import { own, page, postForm, signInAs } from "./support/console";
import { seedDeparture } from "./support/inventory";
import { insertOutboxEmail, outboxRow } from "./support/notifications";

/** The console's bookings with their timelines, the sales chart and the admin pages. */

async function confirmedBooking(label: string) {
  const departureId = await seedDeparture(label);
  const hold = await placeHold(departureId, 1);
  const created = await book(hold.id);
  await deliver([await chargeJobFor(created.id)]);
  return { departureId, reference: created.reference, id: created.id };
}

describe("bookings on the organiser's inventory", () => {
  it("lists a unit's bookings and shows one with its timeline", async () => {
    const organiser = await signInAs("organiser");
    const { departureId, reference } = await confirmedBooking("cons-bkg");
    await own(organiser, departureId);

    const unit = await (await page(`/console/units/${departureId}`, organiser)).text();
    expect(unit).toContain(`href="/console/units/${departureId}/bookings/${reference}"`);
    const list = await (await page(`/console/units/${departureId}/bookings`, organiser)).text();
    expect(list).toMatch(new RegExp(`${reference}</a></th>\\s*<td><time[^>]*>[^<]+</time></td>\\s*<td>confirmed</td>`));

    const res = await page(`/console/units/${departureId}/bookings/${reference}`, organiser);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<h1>Booking ${reference}</h1>`);
    expect(html).toContain("Travellers: Ada Lovelace");
    expect(html).toMatch(/<ol class="timeline">[\s\S]*created[\s\S]*confirmed[\s\S]*<\/ol>/);
  });

  it("answers another organiser's booking as not found, by the API and by the page", async () => {
    const organiser = await signInAs("organiser");
    const { reference } = await confirmedBooking("cons-bkg-theirs");
    const mine = await seedDeparture("cons-bkg-mine");
    await own(organiser, mine);

    const res = await api(`/v1/organiser/units/${mine}/bookings/${reference}`, {
      headers: { cookie: organiser.cookie },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      type: "https://edgefare.dev/problems/booking-not-found",
      title: expect.any(String),
      status: 404,
      code: "BOOKING_NOT_FOUND",
      detail: "No booking with this reference has an item on this unit.",
      instance: `/v1/organiser/units/${mine}/bookings/${reference}`,
      request_id: res.headers.get("x-request-id"),
    });
    const html = await (await page(`/console/units/${mine}/bookings/${reference}`, organiser)).text();
    expect(html).toContain("We could not find a booking with that reference and name.");
  });

  it("refuses a cursor made for another unit's list", async () => {
    const organiser = await signInAs("organiser");
    const a = await seedDeparture("cons-cur-a");
    await own(organiser, a);
    const units = await api(`/v1/organiser/units?product=departures&cursor=bm90LWEtY3Vyc29y`, {
      headers: { cookie: organiser.cookie },
    });
    expect(units.status).toBe(400);
    expect((await units.json<{ code: string }>()).code).toBe("INVALID_CURSOR");
  });
});

describe("sales per day", () => {
  it("draws the day's revenue as an SVG chart with the same numbers in a table", async () => {
    const organiser = await signInAs("organiser");
    const { departureId } = await confirmedBooking("cons-sales");
    await own(organiser, departureId);
    const today = new Date().toISOString().slice(0, 10);

    const res = await page("/console/sales", organiser);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('role="img" aria-labelledby="sales-eur-title sales-eur-desc"');
    expect(html).toContain('<title id="sales-eur-title">Revenue per day in EUR</title>');
    // One seat at 100.00: one booking, one seat, 100.00 in today's row.
    expect(html).toMatch(new RegExp(`<th scope="row">${today}</th><td>1</td><td>1</td>\\s*<td>€100.00</td>`));
    expect(html.match(/<rect class="bar"/g)?.length).toBe(30);
  });

  it("shows the API's refusal for a period that is too long, keeping the dates", async () => {
    const organiser = await signInAs("organiser");
    const res = await page("/console/sales?from=2026-01-01&to=2026-03-01", organiser);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="2026-01-01"');
    expect(html).toContain("Error code ");
  });
});

describe("admin pages", () => {
  it("replays a dead letter from its row, once", async () => {
    const admin = await signInAs("admin");
    const outboxId = await insertOutboxEmail();
    await env.DB.prepare("UPDATE email_outbox SET status = 'failed', attempts = 6 WHERE id = ?").bind(outboxId).run();
    const id = await recordDeadLetter(env.DB, {
      queue: QUEUES.emailJobs,
      messageId: "msg-console",
      body: emailJob(outboxId),
      attempts: 6,
      now: Date.now(),
    });
    const list = await (await page("/console/dead-letters", admin)).text();
    expect(list).toContain(`action="/console/dead-letters/${id}/replay"`);
    const key = /name="idempotency_key" value="([^"]+)"/.exec(
      list.split(`/console/dead-letters/${id}/replay`)[1] ?? "",
    )?.[1];
    const res = await postForm(`/console/dead-letters/${id}/replay`, admin, { idempotency_key: key ?? "" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/console/dead-letters?replayed=${id}`);
    const after = await (await page(`/console/dead-letters?replayed=${id}`, admin)).text();
    expect(after).toContain(`Sent back to its queue: ${id}.`);
    expect(after).not.toContain(`action="/console/dead-letters/${id}/replay"`);

    // The real queue delivers the replayed job: wait for it, so no work outlives the test.
    await vi.waitFor(async () => expect(await outboxRow(outboxId)).toMatchObject({ status: "sent" }), {
      timeout: 15_000,
    });
    const again = await postForm(`/console/dead-letters/${id}/replay`, admin, { idempotency_key: crypto.randomUUID() });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("That message has already been sent again.");
  });

  it("shows the bindings' health and the cache and queue metrics", async () => {
    const admin = await signInAs("admin");
    const res = await page("/console/health", admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Health: ok</h1>");
    expect(html).toContain("<caption>Bindings, probed now</caption>");
    expect(html).toContain('<h2 id="cache-h">Cache</h2>');
    expect(html).toContain("<caption>Queue work</caption>");
  });
});
