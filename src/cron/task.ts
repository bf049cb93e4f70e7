import type { Database } from "../db/client";
import type { AppEnv } from "../env";
import type { Logger } from "../lib/logger";

/** What every cron task gets: the bindings, a database handle and the trigger's own time. */
export interface CronContext {
  env: AppEnv;
  db: Database;
  log: Logger;
  /** controller.scheduledTime (epoch ms): the time the run is for, not when it started. */
  now: number;
}

export interface CronTask {
  name: string;
  run(ctx: CronContext): Promise<Record<string, unknown>>;
}
