import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { alertIncidents } from "../db/schema";
import { randomId } from "../lib/ids";
import type { Logger } from "../lib/logger";
import { enqueueOutboxEmails, prepareOutboxEmailQuery } from "../notifications/outbox";
import type { OpsAlertEmail } from "../notifications/types";
import type { Verdict } from "./rules";

export type Incident = typeof alertIncidents.$inferSelect;

export interface IncidentDeps {
  db: Database;
  emailJobs: Queue;
  /** ALERT_EMAIL; null: incidents are recorded (and sent to the webhook) without email. */
  alertEmail: string | null;
  log: Logger;
}

/**
 * Opens an incident for a rule that starts firing and resolves the open one of a rule that
 * stopped; nothing happens while a rule stays as it was. Each change and its email are one D1
 * batch, so an incident never exists without its email or the other way round; the email's
 * dedupe key names the incident, so a repeated run cannot send it twice.
 */
export async function applyVerdicts(deps: IncidentDeps, verdicts: Verdict[], now: number) {
  const open = new Map(
    (await deps.db.select().from(alertIncidents).where(eq(alertIncidents.status, "open"))).map((i) => [i.rule, i]),
  );
  const opened: string[] = [];
  const resolved: string[] = [];
  const emails: string[] = [];
  for (const v of verdicts) {
    const current = open.get(v.rule);
    if (v.firing && !current) {
      const id = await openIncident(deps, v, now, emails);
      if (id) opened.push(id);
    } else if (!v.firing && current) {
      await resolveIncident(deps, current, v, now, emails);
      resolved.push(current.id);
    }
  }
  await enqueueOutboxEmails(deps.emailJobs, emails, deps.log);
  return { opened, resolved, open: open.size + opened.length - resolved.length };
}

async function openIncident(deps: IncidentDeps, v: Verdict, now: number, emails: string[]): Promise<string | null> {
  const id = randomId("inc");
  const email = alertEmailQuery(deps, `alert-open:${id}`, now, {
    state: "open",
    rule: v.rule,
    summary: v.summary,
    incidentId: id,
    openedAt: now,
    resolvedAt: null,
  });
  const insert = deps.db
    .insert(alertIncidents)
    .values({ id, rule: v.rule, status: "open", summary: v.summary, openedAt: now });
  try {
    await (email ? deps.db.batch([insert, email.query]) : insert);
  } catch (error) {
    // The partial unique index: an overlapping run opened this rule's incident first (and sent its email).
    if (String(error).includes("UNIQUE")) return null;
    throw error;
  }
  deps.log.error("alert_opened", { incident_id: id, rule: v.rule, summary: v.summary });
  if (email) emails.push(email.outboxId);
  return id;
}

async function resolveIncident(deps: IncidentDeps, incident: Incident, v: Verdict, now: number, emails: string[]) {
  const email = alertEmailQuery(deps, `alert-resolved:${incident.id}`, now, {
    state: "resolved",
    rule: incident.rule,
    summary: v.summary,
    incidentId: incident.id,
    openedAt: incident.openedAt,
    resolvedAt: now,
  });
  const update = deps.db
    .update(alertIncidents)
    .set({ status: "resolved", resolvedAt: now })
    .where(and(eq(alertIncidents.id, incident.id), eq(alertIncidents.status, "open")));
  await (email ? deps.db.batch([update, email.query]) : update);
  deps.log.info("alert_resolved", { incident_id: incident.id, rule: incident.rule, summary: v.summary });
  if (email) emails.push(email.outboxId);
}

function alertEmailQuery(deps: IncidentDeps, dedupeKey: string, now: number, data: OpsAlertEmail) {
  if (!deps.alertEmail) return null;
  return prepareOutboxEmailQuery(deps.db, {
    bookingId: null,
    to: deps.alertEmail,
    template: { kind: "ops_alert", data },
    dedupeKey,
    now,
  });
}
