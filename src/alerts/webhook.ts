import { and, eq, gt, isNotNull, isNull, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { alertIncidents } from "../db/schema";
import type { Logger } from "../lib/logger";
import { signWebhook } from "../payments/webhook-signature";
import type { Incident } from "./incidents";

/** Same scheme as the payment webhooks we accept: `t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const ALERT_SIGNATURE_HEADER = "edgefare-signature";
/** Incidents older than this are not announced when a webhook is configured later. */
const WEBHOOK_LOOKBACK_MS = 24 * 60 * 60 * 1000;
const WEBHOOK_BATCH = 20;

export interface WebhookDeps {
  db: Database;
  url: string;
  secret: string;
  fetch: typeof fetch;
  log: Logger;
}

/**
 * Sends each incident's open and recovery notice once the webhook accepts it (2xx), marking it
 * sent in D1; a refused or failed delivery is tried again by the next run (at least once: a
 * receiver de-duplicates on `id` + `type`).
 */
export async function sendPendingWebhooks(deps: WebhookDeps, now: number): Promise<{ sent: number; failed: number }> {
  const pending = await deps.db
    .select()
    .from(alertIncidents)
    .where(
      and(
        gt(alertIncidents.openedAt, now - WEBHOOK_LOOKBACK_MS),
        or(
          isNull(alertIncidents.webhookOpenedAt),
          and(isNotNull(alertIncidents.resolvedAt), isNull(alertIncidents.webhookResolvedAt)),
        ),
      ),
    )
    .limit(WEBHOOK_BATCH);
  let sent = 0;
  let failed = 0;
  for (const incident of pending) {
    for (const type of noticesDue(incident)) {
      if (await deliver(deps, incident, type, now)) {
        sent++;
        await deps.db
          .update(alertIncidents)
          .set(type === "alert.opened" ? { webhookOpenedAt: now } : { webhookResolvedAt: now })
          .where(eq(alertIncidents.id, incident.id));
      } else failed++;
    }
  }
  return { sent, failed };
}

function noticesDue(i: Incident): ("alert.opened" | "alert.resolved")[] {
  const due: ("alert.opened" | "alert.resolved")[] = [];
  if (i.webhookOpenedAt === null) due.push("alert.opened");
  if (i.resolvedAt !== null && i.webhookResolvedAt === null) due.push("alert.resolved");
  return due;
}

async function deliver(deps: WebhookDeps, i: Incident, type: string, now: number): Promise<boolean> {
  const body = JSON.stringify({
    type,
    incident: {
      id: i.id,
      rule: i.rule,
      status: type === "alert.opened" ? "open" : "resolved",
      summary: i.summary,
      opened_at: new Date(i.openedAt).toISOString(),
      resolved_at: i.resolvedAt === null ? null : new Date(i.resolvedAt).toISOString(),
    },
  });
  try {
    const res = await deps.fetch(deps.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [ALERT_SIGNATURE_HEADER]: await signWebhook(deps.secret, body, Math.floor(now / 1000)),
      },
      body,
    });
    if (res.ok) return true;
    deps.log.warn("alert_webhook_refused", { incident_id: i.id, type, status: res.status });
  } catch (error) {
    deps.log.warn("alert_webhook_failed", { incident_id: i.id, type, error: String(error) });
  }
  return false;
}
