import type { AppEnv } from "../env";
import type { Logger } from "../lib/logger";
import type { MetricsBuffer } from "./buffer";
import type { MetricEvent, Metrics } from "./events";
import { dataPoint } from "./points";
import { sendTallies } from "./summary-client";

export interface RecorderDeps {
  env: Pick<AppEnv, "METRICS" | "METRICS_SUMMARY">;
  buffer: MetricsBuffer;
  /** ctx.waitUntil: the flush runs after the response, never on the request's path. */
  waitUntil: (promise: Promise<unknown>) => void;
  log: Logger;
}

/**
 * Each event becomes one Analytics Engine point (writeDataPoint is fire-and-forget: no
 * subrequest, no await; a request sampled out writes none) and one increment in the isolate's
 * buffer, flushed in the background when due. Nothing here throws into the caller.
 */
export function bufferedMetrics(deps: RecorderDeps): Metrics {
  return {
    record(event: MetricEvent) {
      try {
        if (event.kind !== "request" || event.weight > 0) deps.env.METRICS?.writeDataPoint(dataPoint(event));
        deps.buffer.add(event);
        if (deps.buffer.due()) deps.waitUntil(sendTallies(deps.env, deps.buffer.take(), deps.log));
      } catch (error) {
        deps.log.warn("metrics_record_failed", { kind: event.kind, error: String(error) });
      }
    },
  };
}

/** Flushes whatever the buffer holds now (the admin route before reading, a queue batch at its end). */
export function flushNow(deps: Omit<RecorderDeps, "waitUntil">): Promise<void> {
  return sendTallies(deps.env, deps.buffer.take(), deps.log);
}
