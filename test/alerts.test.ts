import { env } from "cloudflare:test";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applyVerdicts } from "../src/alerts/incidents";
import type { AlertRule } from "../src/alerts/rules";
import { ALERT_SIGNATURE_HEADER, sendPendingWebhooks } from "../src/alerts/webhook";
import { QUEUES } from "../src/config";
import { evaluateAlerts } from "../src/cron/alerts";
import { createDb } from "../src/db/client";
import { alertIncidents, deadLetters, emailOutbox } from "../src/db/schema";
import { recordDeadLetter } from "../src/dead-letters/record";
import { jsonLogger } from "../src/lib/logger";
import { minuteOf } from "../src/metrics/buffer";
import type { MetricEvent } from "../src/metrics/events";
import { metricsSummary } from "../src/metrics/summary-client";
import { emptyTally, tallyEvent } from "../src/metrics/tally";
import { verifyWebhookSignature } from "../src/payments/webhook-signature";
import { inventoryObject, seedDeparture, withInventory } from "./support/inventory";

const db = createDb(env.DB);
const HOUR = 3_600_000;

/** One cron run at `now`, alerts emailed to the operators. */
const runAlerts = (now: number) =>
  evaluateAlerts.run({ env: { ...env, ALERT_EMAIL: "ops@example.com" }, db, log: jsonLogger(), now });

/** Fault injection into the summary: `n` copies of an event in the minute of `at`. */
async function inject(at: number, n: number, event: MetricEvent) {
  const tally = emptyTally();
  for (let i = 0; i < n; i++) tallyEvent(tally, event);
  await metricsSummary(env).add([{ minute: minuteOf(at), tally }]);
}

const request = (status: number, durationMs: number): MetricEvent => ({
  kind: "request",
  method: "GET",
  route: "/v1/search",
  status,
  tier: "kv",
  durationMs,
  weight: 1,
});

/** The rule's incidents and the alert emails about them. */
async function incidentsOf(rule: AlertRule) {
  const incidents = await db.select().from(alertIncidents).where(eq(alertIncidents.rule, rule));
  const keys = incidents.flatMap((i) => [`alert-open:${i.id}`, `alert-resolved:${i.id}`]);
  const emails =
    keys.length === 0
      ? []
      : await db
          .select({ key: emailOutbox.dedupeKey, to: emailOutbox.toAddress, subject: emailOutbox.subject })
          .from(emailOutbox)
          .where(and(eq(emailOutbox.kind, "ops_alert"), inArray(emailOutbox.dedupeKey, keys)));
  return { incidents, emails };
}

/** Runs the cron twice while the fault lasts, twice after it is gone: one alert, one recovery. */
async function expectOneAlertThenRecovery(
  rule: AlertRule,
  fault: { at: number },
  heal: () => Promise<{ at: number }>,
  subject: RegExp,
) {
  await runAlerts(fault.at);
  await runAlerts(fault.at + 1000);
  const firing = await incidentsOf(rule);
  expect(firing.incidents.map((i) => i.status)).toEqual(["open"]);
  expect(firing.emails).toEqual([
    { key: `alert-open:${firing.incidents[0]?.id}`, to: "ops@example.com", subject: expect.stringMatching(subject) },
  ]);

  const healed = await heal();
  await runAlerts(healed.at);
  await runAlerts(healed.at + 1000);
  const after = await incidentsOf(rule);
  expect(after.incidents.map((i) => [i.id, i.status])).toEqual([[firing.incidents[0]?.id, "resolved"]]);
  expect(after.emails.map((e) => e.key).sort()).toEqual(
    [`alert-open:${firing.incidents[0]?.id}`, `alert-resolved:${firing.incidents[0]?.id}`].sort(),
  );
}

describe("alerts: one email when a rule starts firing, one when it recovers", () => {
  it("p95 latency over 500 ms", async () => {
    const t = Date.now() + 3 * HOUR;
    await inject(t, 30, request(200, 700));
    await expectOneAlertThenRecovery(
      "latency_p95",
      { at: t },
      async () => {
        // Ten minutes on, only fast requests in the recent window.
        await inject(t + 10 * 60_000, 30, request(200, 20));
        return { at: t + 10 * 60_000 };
      },
      /^\[edgefare alert\] latency_p95: p95 latency 1000 ms over 30 requests/,
    );
  });

  it("error rate over 1 %", async () => {
    const t = Date.now() + 6 * HOUR;
    await inject(t, 97, request(200, 20));
    await inject(t, 3, request(503, 20));
    await expectOneAlertThenRecovery(
      "error_rate",
      { at: t },
      async () => {
        await inject(t + 10 * 60_000, 200, request(200, 20));
        return { at: t + 10 * 60_000 };
      },
      /error_rate: 3 of 100 requests failed \(3\.00 %\)/,
    );
  });

  it("queue lag over a minute", async () => {
    const t = Date.now() + 9 * HOUR;
    await inject(t, 5, { kind: "queue", queue: QUEUES.emailJobs, lagMs: 120_000, attempts: 1 });
    await expectOneAlertThenRecovery(
      "queue_lag",
      { at: t },
      async () => ({ at: t + 10 * 60_000 }),
      /queue_lag: p95 queue wait 300000 ms/,
    );
  });

  it("dead letters over the threshold, recovered once they are replayed", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) {
      ids.push(
        await recordDeadLetter(env.DB, {
          queue: QUEUES.emailJobs,
          messageId: `alert-dlq-${crypto.randomUUID()}`,
          body: { v: 1, outboxId: `eml_${i}` },
          attempts: 5,
          now: Date.now(),
        }),
      );
    }
    const t = Date.now() + 12 * HOUR;
    await expectOneAlertThenRecovery(
      "dead_letters",
      { at: t },
      async () => {
        await db
          .update(deadLetters)
          .set({ replayedAt: Math.floor(t / 1000) })
          .where(inArray(deadLetters.id, ids));
        return { at: t + 60_000 };
      },
      /dead_letters: 11 dead letters not replayed \(threshold 10\)/,
    );
  });

  it("an inventory object reporting a broken invariant", async () => {
    const departureId = await seedDeparture("alert-invariant");
    const held = await inventoryObject(departureId).placeHold({
      holdId: `hld_alert_${crypto.randomUUID().slice(0, 8)}`,
      unitId: departureId,
      lines: [{ pool: "economy", quantity: 1 }],
      ttlSeconds: 600,
    });
    expect(held.ok).toBe(true);
    // The fault: a count changed behind the ledger's back (still within capacity, so SQLite's CHECK allows it).
    await withInventory(departureId, (_object, state) => {
      state.storage.sql.exec("UPDATE pools SET held = held + 1 WHERE pool = 'economy'");
    });
    const audit = await inventoryObject(departureId).audit();
    expect(audit.violations).toEqual(["the ledger does not replay to the stored counts"]);

    const t = Date.now();
    await expectOneAlertThenRecovery(
      "invariant",
      { at: t },
      async () => ({ at: t + 61 * 60_000 }),
      new RegExp(`invariant: inventory invariant failed in 1 object\\(s\\): ${departureId}`),
    );
  });
});

describe("alerts: the webhook", () => {
  it("announces an incident's opening and its recovery once each, signed, and retries a refused delivery", async () => {
    const received: { type: string; id: string; signature: string; body: string }[] = [];
    let refuse = true;
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      const body = String(init.body);
      if (refuse) return new Response("busy", { status: 503 });
      const parsed = JSON.parse(body) as { type: string; incident: { id: string } };
      const signature = new Headers(init.headers).get(ALERT_SIGNATURE_HEADER) ?? "";
      received.push({ type: parsed.type, id: parsed.incident.id, signature, body });
      return new Response(null, { status: 204 });
    }) as unknown as typeof fetch;
    const now = Date.now();
    const deps = { db, emailJobs: env.EMAIL_JOBS, alertEmail: null, log: jsonLogger() };
    const hook = { db, url: "https://ops.example/hook", secret: "whsec_ops", fetch: fakeFetch, log: jsonLogger() };

    const { opened } = await applyVerdicts(deps, [{ rule: "outbox_backlog", firing: true, summary: "51 emails" }], now);
    // Other tests' incidents (same database) are announced too; only this one is followed.
    expect((await sendPendingWebhooks(hook, now)).sent).toBe(0);
    refuse = false;
    await sendPendingWebhooks(hook, now);
    await sendPendingWebhooks(hook, now);
    await applyVerdicts(deps, [{ rule: "outbox_backlog", firing: false, summary: "0 emails" }], now + 60_000);
    await sendPendingWebhooks(hook, now + 60_000);
    await sendPendingWebhooks(hook, now + 60_000);

    const mine = received.filter((r) => r.id === opened[0]);
    expect(mine.map((r) => [r.type, r.id])).toEqual([
      ["alert.opened", opened[0]],
      ["alert.resolved", opened[0]],
    ]);
    for (const r of mine) {
      const check = await verifyWebhookSignature({
        header: r.signature,
        body: r.body,
        secret: "whsec_ops",
        nowMs: now,
      });
      expect(check.ok).toBe(true);
    }
  });
});
