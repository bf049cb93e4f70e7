import type { AppEnv } from "../env";
import type { Logger } from "../lib/logger";
import { err, ok, type Result } from "../lib/result";
import { metricsSummary, type SummaryWindow } from "./summary-client";

/** The summary's last `minutes`, or METRICS_UNAVAILABLE when its object cannot be reached. */
export async function readSummary({
  deps,
  input,
}: {
  deps: { env: Pick<AppEnv, "METRICS_SUMMARY">; log: Logger };
  input: { now: number; minutes: number };
}): Promise<Result<SummaryWindow>> {
  try {
    return ok(await metricsSummary(deps.env).read(input.now, input.minutes));
  } catch (error) {
    deps.log.error("metrics_read_failed", { error: String(error) });
    return err("METRICS_UNAVAILABLE", "The metrics summary could not be read. Try again shortly.");
  }
}
