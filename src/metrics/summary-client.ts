import type { AppEnv } from "../env";
import type { Logger } from "../lib/logger";
import type { MinuteTally } from "./buffer";
import type { Tally } from "./tally";

/** What the summary object (workers/metrics-object.ts) answers over RPC. */
export interface MetricsSummaryRpc {
  add(minutes: MinuteTally[]): Promise<void>;
  /** The merged tally of the `minutes` minutes up to and including `now`'s, and each minute's own. */
  read(now: number, minutes: number): Promise<SummaryWindow>;
}

export interface SummaryWindow {
  fromMinute: number;
  toMinute: number;
  total: Tally;
  byMinute: MinuteTally[];
}

/**
 * One object holds the summary. At one flush per isolate per 10 s it takes thousands of
 * isolates before it nears a Durable Object's ~1,000 calls per second; past that, shard by
 * isolate (getByName(`metrics:${n}`)) and merge on read (docs/operations.md).
 */
export const SUMMARY_OBJECT = "metrics";

export function metricsSummary(env: Pick<AppEnv, "METRICS_SUMMARY">): MetricsSummaryRpc {
  return env.METRICS_SUMMARY.getByName(SUMMARY_OBJECT) as unknown as MetricsSummaryRpc;
}

/** Sends a buffer's minutes; an unreachable object loses them (logged), the caller never sees an error. */
export async function sendTallies(
  env: Pick<AppEnv, "METRICS_SUMMARY">,
  minutes: MinuteTally[],
  log: Logger,
): Promise<void> {
  if (minutes.length === 0) return;
  try {
    await metricsSummary(env).add(minutes);
  } catch (error) {
    log.warn("metrics_flush_failed", { minutes: minutes.length, error: String(error) });
  }
}
