import { and, count, eq, isNull, lt } from "drizzle-orm";
import { ALERT_POLICY } from "../config";
import type { Database } from "../db/client";
import { deadLetters, emailOutbox } from "../db/schema";
import { invariantFailures, queueLagP95, requestTotals } from "../metrics/report";
import type { SummaryWindow } from "../metrics/summary-client";
import { emptyTally, merge } from "../metrics/tally";
import type { AlertInputs } from "./rules";

export interface InputDeps {
  db: Database;
  /** The summary's last ALERT_POLICY.invariantMinutes, or null when it could not be read. */
  readSummary: (now: number, minutes: number) => Promise<SummaryWindow | null>;
}

/** The summary (latency, errors, queue lag, invariant reports) and D1 (dead letters, outbox backlog). */
export async function gatherInputs(deps: InputDeps, now: number): Promise<AlertInputs> {
  const olderThan = Math.floor(now / 1000) - ALERT_POLICY.outboxAgeSeconds;
  const [summary, [dead], [backlog]] = await Promise.all([
    deps.readSummary(now, ALERT_POLICY.invariantMinutes),
    deps.db.select({ n: count() }).from(deadLetters).where(isNull(deadLetters.replayedAt)),
    deps.db
      .select({ n: count() })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.status, "pending"), lt(emailOutbox.createdAt, olderThan))),
  ]);
  const base = { deadLetters: dead?.n ?? 0, outboxBacklog: backlog?.n ?? 0 };
  if (!summary) return { ...base, recent: null, queueLag: null, invariant: null };
  const recent = emptyTally();
  const since = summary.toMinute - ALERT_POLICY.recentMinutes + 1;
  for (const m of summary.byMinute) if (m.minute >= since) merge(recent, m.tally);
  return {
    ...base,
    recent: requestTotals(recent),
    queueLag: { p95Ms: queueLagP95(recent) },
    invariant: invariantFailures(summary.total),
  };
}
