import type { CronJob } from "../../config";
import type { CronTask } from "../../cron/task";
import { holdStatusFromObject, offerPendingReturns, settleLapsedOffers } from "./waitlist/cron";
import { waitlistEngine } from "./waitlist/engine";

const waitlistOffers: CronTask = {
  name: "eventWaitlistOffers",
  async run({ env, db, log, now }) {
    const clock = () => now;
    const settled = await settleLapsedOffers({ db, now: clock }, holdStatusFromObject(env));
    const offers = await offerPendingReturns({ ...waitlistEngine(env, db, log, clock), db, now: clock });
    return { ...settled, ...offers };
  },
};

/**
 * Events' scheduled work: every minute, lapsed waitlist offers end and returned tickets are
 * offered down the line. It rides on the every-minute trigger the alerts use (Cloudflare counts
 * cron triggers per Worker; one more expression would buy nothing).
 */
export const EVENTS_CRON_TASKS: Partial<Record<CronJob, readonly CronTask[]>> = {
  alerts: [waitlistOffers],
};
