import type { CronJob } from "../../config";
import type { CronTask } from "../../cron/task";
import { refreshDepsFromEnv, refreshPopularRoutes } from "./search/refresh-popular";

const refreshPopular: CronTask = {
  name: "refreshPopularRoutes",
  run: ({ env, log, now }) => refreshPopularRoutes({ deps: refreshDepsFromEnv(env, log, () => now), now }),
};

/** Departures' scheduled work: refresh-ahead of the most searched route-days. */
export const DEPARTURES_CRON_TASKS: Partial<Record<CronJob, readonly CronTask[]>> = {
  refreshPopularRoutes: [refreshPopular],
};
