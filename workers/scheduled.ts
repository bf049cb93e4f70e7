import { cronJobFor } from "../src/cron/table";
import { createDb } from "../src/db/client";
import type { AppEnv } from "../src/env";
import { jsonLogger } from "../src/lib/logger";
import { CRON_TASKS } from "./cron";

/**
 * The Worker's one scheduled handler. Tasks of a trigger run one after another, each failure
 * logged and the rest still run; the invocation then fails as a whole so the dashboard's cron
 * history shows it.
 */
export async function handleScheduled(controller: ScheduledController, env: AppEnv): Promise<void> {
  const job = cronJobFor(controller.cron);
  const log = jsonLogger({ cron: controller.cron, job });
  if (!job) {
    log.error("cron_unknown", {});
    throw new Error(`No job is declared for cron "${controller.cron}"`);
  }
  const ctx = { env, db: createDb(env.DB), log, now: controller.scheduledTime };
  const failed: string[] = [];
  for (const task of CRON_TASKS[job]) {
    const started = Date.now();
    try {
      const summary = await task.run(ctx);
      log.info("cron_task_done", { task: task.name, duration_ms: Date.now() - started, ...summary });
    } catch (error) {
      failed.push(task.name);
      log.error("cron_task_failed", {
        task: task.name,
        error: String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
    }
  }
  if (failed.length > 0) throw new Error(`Cron ${job}: ${failed.join(", ")} failed`);
}
