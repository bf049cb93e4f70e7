import { DurableObject } from "cloudflare:workers";
import { METRICS_POLICY } from "../src/config";
import type { AppEnv } from "../src/env";
import { type MinuteTally, minuteOf } from "../src/metrics/buffer";
import type { MetricsSummaryRpc, SummaryWindow } from "../src/metrics/summary-client";
import { emptyTally, merge, type Tally } from "../src/metrics/tally";

const key = (minute: number) => `m:${String(minute).padStart(10, "0")}`;

/**
 * The rolling summary: one stored tally per minute for the last METRICS_POLICY.windowMinutes,
 * merged from every isolate's flushes. Long-term history is Analytics Engine's job; this exists
 * because its SQL API does not run locally and the alerts cron must read something cheap.
 * Storage writes are coalesced by the runtime, so a flush costs one row write per minute touched.
 */
export class MetricsObject extends DurableObject<AppEnv> implements MetricsSummaryRpc {
  async add(minutes: MinuteTally[]): Promise<void> {
    const oldest = minuteOf(Date.now()) - METRICS_POLICY.windowMinutes;
    const kept = minutes.filter((m) => m.minute > oldest);
    if (kept.length === 0) return;
    const stored = await this.ctx.storage.get<Tally>(kept.map((m) => key(m.minute)));
    const updates: Record<string, Tally> = {};
    for (const m of kept) {
      const k = key(m.minute);
      updates[k] = merge(updates[k] ?? stored.get(k) ?? emptyTally(), m.tally);
    }
    await this.ctx.storage.put(updates);
    await this.prune(oldest);
  }

  async read(now: number, minutes: number): Promise<SummaryWindow> {
    const toMinute = minuteOf(now);
    const span = Math.min(Math.max(1, Math.floor(minutes)), METRICS_POLICY.windowMinutes);
    const fromMinute = toMinute - span + 1;
    const rows = await this.ctx.storage.list<Tally>({ start: key(fromMinute), end: key(toMinute + 1) });
    const total = emptyTally();
    const byMinute: MinuteTally[] = [];
    for (const [k, tally] of rows) {
      merge(total, tally);
      byMinute.push({ minute: Number(k.slice(2)), tally });
    }
    return { fromMinute, toMinute, total, byMinute };
  }

  private async prune(oldest: number): Promise<void> {
    const stale = await this.ctx.storage.list({ start: "m:", end: key(oldest + 1), limit: 128 });
    if (stale.size > 0) await this.ctx.storage.delete([...stale.keys()]);
  }
}
