import { exportDatabase } from "../backup/export";
import type { CronTask } from "./task";

/** Nightly (CRONS.backup): every D1 table to R2 under backups/<stamp>/, keeping the newest BACKUP_RETENTION. */
export const backupDatabase: CronTask = {
  name: "backupDatabase",
  run: async ({ env, log, now }) => ({
    ...(await exportDatabase({ deps: { d1: env.DB, bucket: env.BACKUPS, log }, input: { now } })),
  }),
};
