import { applyVerdicts } from "../alerts/incidents";
import { gatherInputs } from "../alerts/inputs";
import { evaluateRules } from "../alerts/rules";
import { sendPendingWebhooks } from "../alerts/webhook";
import { metricsSummary } from "../metrics/summary-client";
import type { CronTask } from "./task";

/**
 * Every minute: judge the rules over the metrics summary and D1, open or resolve incidents
 * (one email each way), then announce them to the webhook. Without ALERT_EMAIL and
 * ALERT_WEBHOOK_URL incidents are still recorded and logged (alert_opened is an error line).
 */
export const evaluateAlerts: CronTask = {
  name: "evaluateAlerts",
  run: async ({ env, db, log, now }) => {
    const readSummary = async (at: number, minutes: number) => {
      try {
        return await metricsSummary(env).read(at, minutes);
      } catch (error) {
        log.warn("alert_summary_unavailable", { error: String(error) });
        return null;
      }
    };
    const inputs = await gatherInputs({ db, readSummary }, now);
    const verdicts = evaluateRules(inputs);
    const changes = await applyVerdicts(
      { db, emailJobs: env.EMAIL_JOBS, alertEmail: env.ALERT_EMAIL ?? null, log },
      verdicts,
      now,
    );
    let webhook: Record<string, number> | string = "not configured";
    if (env.ALERT_WEBHOOK_URL && env.ALERT_WEBHOOK_SECRET) {
      webhook = await sendPendingWebhooks(
        { db, url: env.ALERT_WEBHOOK_URL, secret: env.ALERT_WEBHOOK_SECRET, fetch: (u, i) => fetch(u, i), log },
        now,
      );
    } else if (env.ALERT_WEBHOOK_URL) {
      log.error("alert_webhook_unsigned", { reason: "ALERT_WEBHOOK_URL is set without ALERT_WEBHOOK_SECRET" });
    }
    return {
      firing: verdicts.filter((v) => v.firing).map((v) => v.rule),
      skipped: inputs.recent === null ? "summary unavailable" : null,
      ...changes,
      webhook,
    };
  },
};
