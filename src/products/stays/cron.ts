import type { CronJob } from "../../config";
import type { CronTask } from "../../cron/task";
import { refreshPopularCityNights, staysRefreshDepsFromEnv } from "./search/refresh-popular";

const refreshPopular: CronTask = {
  name: "refreshPopularCityNights",
  run: ({ env, log, now }) => refreshPopularCityNights({ deps: staysRefreshDepsFromEnv(env, log, () => now), now }),
};

/** Stays' scheduled work: refresh-ahead of the most searched city-nights, on the same trigger as departures' route-days. */
export const STAYS_CRON_TASKS: Partial<Record<CronJob, readonly CronTask[]>> = {
  refreshPopularRoutes: [refreshPopular],
};
