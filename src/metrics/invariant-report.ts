import type { AppEnv } from "../env";
import type { Logger } from "../lib/logger";
import { minuteOf } from "./buffer";
import type { MetricEvent } from "./events";
import { dataPoint } from "./points";
import { sendTallies } from "./summary-client";
import { emptyTally, tallyEvent } from "./tally";

/**
 * An inventory object found its own counts broken. Rare and urgent, so it skips the buffer: one
 * Analytics Engine point and one call to the summary object, where the alerts cron sees it
 * within a minute. Never throws into the object.
 */
export async function reportInvariantFailure(
  env: Pick<AppEnv, "METRICS" | "METRICS_SUMMARY">,
  input: { unitId: string; violations: number; now: number },
  log: Logger,
): Promise<void> {
  const event: MetricEvent = { kind: "invariant", unitId: input.unitId, violations: input.violations };
  try {
    env.METRICS?.writeDataPoint(dataPoint(event));
  } catch (error) {
    log.warn("metrics_record_failed", { kind: event.kind, error: String(error) });
  }
  const tally = emptyTally();
  tallyEvent(tally, event);
  await sendTallies(env, [{ minute: minuteOf(input.now), tally }], log);
}
