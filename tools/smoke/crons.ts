/**
 * Every cron in CRONS, fired through wrangler dev's `/cdn-cgi/local/scheduled` (with `time` where
 * the job's clock has to be moved), each with a check of what it did: an effect seen over HTTP or
 * in an email where there is one, and the task's own summary line from the Worker's log.
 */
import { CACHE_POLICY, CRONS, type CronJob } from "../../src/config.ts";
import { check, poll, SmokeFailure, show } from "./client.ts";
import { email, type JourneyState, search } from "./journey.ts";
import { CronOutcome, Hold } from "./schemas.ts";

/** Fires one cron and returns the index of dev.ts's first output line after it. */
async function fire(s: JourneyState, expression: string, time?: number): Promise<number> {
  const from = s.stack.lines.length;
  const q = new URLSearchParams({ cron: expression, format: "json" });
  if (time !== undefined) q.set("time", String(time));
  const res = await fetch(`${s.stack.baseUrl}/cdn-cgi/local/scheduled?${q}`, { signal: AbortSignal.timeout(30_000) });
  const parsed = CronOutcome.safeParse(await res.json().catch(() => null));
  if (res.status !== 200 || !parsed.success || parsed.data.outcome !== "ok") {
    const failures = s.stack.events(from).filter((e) => e.event === "cron_task_failed");
    throw new SmokeFailure(`cron "${expression}" answered ${res.status} ${show(parsed.data ?? "")}`, show(failures));
  }
  return from;
}

/** The `cron_task_done` line of one task, which carries the task's summary counts. */
async function summary(s: JourneyState, from: number, expression: string, task: string) {
  const isTask = (e: Record<string, unknown>) => e.cron === expression && e.task === task;
  try {
    await s.stack.waitForLine((line) => line.includes(`"task":"${task}"`), 5_000, from);
  } catch {
    throw new SmokeFailure(`no log line from cron task ${task}`, s.stack.tail(20).join("\n"));
  }
  const event = s.stack.events(from).find(isTask);
  check(event?.event === "cron_task_done", `cron task ${task} did not finish`, event);
  return event;
}

const counts = (event: Record<string, unknown>, keys: string[]) => keys.map((k) => `${k} ${show(event[k])}`).join(", ");

/** A reminder for our confirmed booking, with the clock set one hour before its departure. */
async function reminders(s: JourneyState): Promise<string> {
  const departsAt = Date.parse(s.offer?.departs_at ?? "");
  check(Number.isFinite(departsAt), "no departure time to remind about");
  const from = await fire(s, CRONS.reminders, departsAt - 3600_000);
  const done = await summary(s, from, CRONS.reminders, "scheduleReminders");
  check(done.scheduled === 1, "expected exactly our booking to be reminded", done);
  const sent = await email(s, "Reminder: ", from);
  return `as of 1 h before departure: 1 reminder scheduled, ${sent}`;
}

/** After a complete journey nothing may be left for the safety net: every count is zero. */
async function reconcile(s: JourneyState): Promise<string> {
  const from = await fire(s, CRONS.reconcile);
  const swept = await summary(s, from, CRONS.reconcile, "reconcileBookings");
  const left = Object.entries(swept).filter(([k, v]) => typeof v === "number" && v !== 0 && k !== "duration_ms");
  check(left.length === 0, "reconcile found bookings or payments left behind", swept);
  const outbox = await summary(s, from, CRONS.reconcile, "sweepPendingOutbox");
  check(outbox.requeued === 0, "the outbox sweep found emails that were never sent", outbox);
  return `nothing left behind (${counts(swept, ["overdue", "expired", "chargesResent", "refundsResent", "stuck"])}; outbox requeued 0)`;
}

/**
 * With Redis, a route-day searched CACHE_POLICY.popularThreshold times in a minute is popular
 * (docs/search-and-caching.md, "When a key goes to KV"): the cron rewrites it to KV and Redis as of
 * the run. The journey's searches are minutes old by now, so the route-day is searched that often
 * again first; an isolate sends the search that makes it popular at once, otherwise its counts at
 * the next flush (every popularityFlushSeconds), so one more search after that interval sends the
 * rest. A minute boundary can split the count, so the round is tried again while the cron finds
 * nothing. Searches then see the cron's as_of, which no search wrote: either from KV or Redis once
 * the memory entry is gone, or from memory after its refresh-ahead re-read it from KV (memory
 * entries are re-read at 70 % of their ≤ 10 s life while searches keep coming). Without Redis
 * popularity is per isolate and the cron cannot see it.
 */
async function refresh(s: JourneyState): Promise<string> {
  if (!s.stack.options.redis) {
    const from = await fire(s, CRONS.refreshPopularRoutes);
    const done = await summary(s, from, CRONS.refreshPopularRoutes, "refreshPopularRoutes");
    check(done.refreshed === 0, "without Redis the cron cannot know what is popular", done);
    return "no Redis: nothing refreshed, as documented";
  }
  let before = "";
  let firedAt = 0;
  const done = await poll("the popular route-day rewritten by the cron", 60_000, async () => {
    for (let i = 0; i < CACHE_POLICY.popularThreshold; i++) await search(s);
    await new Promise((r) => setTimeout(r, CACHE_POLICY.popularityFlushSeconds * 1000));
    before = (await search(s)).body.meta.as_of;
    firedAt = Date.now();
    const from = await fire(s, CRONS.refreshPopularRoutes);
    const outcome = await summary(s, from, CRONS.refreshPopularRoutes, "refreshPopularRoutes");
    return { done: typeof outcome.refreshed === "number" && outcome.refreshed >= 1, value: outcome };
  });
  const page = await poll("a search answered with the cron's as_of", 15_000, async () => {
    const { body } = await search(s);
    return { done: body.meta.as_of !== before, value: body.meta };
  });
  const asOf = Date.parse(page.as_of);
  check(asOf > Date.parse(before) && asOf >= firedAt - 1000, "the cached route-day is not the cron's", {
    before,
    page,
  });
  return `${done.refreshed} route-day(s) rewritten; next searches: tier ${page.tier}, as_of from the cron run`;
}

/**
 * Idempotency keys live 24 h. Before the nightly cleanup a retry of the hold is a replay of the
 * stored answer (the hold as it was: held); as of 25 h later the cleanup drops the key and the
 * same retry runs again. The hold id derives from the key, so the verb answers the same hold, as
 * it is now (cancelled with its booking), and takes no seats.
 */
async function cleanup(s: JourneyState): Promise<string> {
  const held = s.hold;
  check(held, "no hold to retry");
  const retry = () =>
    s.api.call("POST", "/v1/holds", {
      expect: 201,
      schema: Hold,
      body: held.body,
      headers: { "idempotency-key": held.key },
    });
  const before = await retry();
  check(before.headers.get("idempotent-replayed") === "true", "before the cleanup the retry was not a replay");
  check(before.body.status === "held", "the replay is not the stored first answer", before.body);
  const from = await fire(s, CRONS.cleanup, Date.now() + 25 * 3600_000);
  const purged = await summary(s, from, CRONS.cleanup, "purgeExpiredIdempotencyKeys");
  check(
    typeof purged.deleted === "number" && purged.deleted >= 3,
    "our three keys (hold, book, cancel) were not purged",
    purged,
  );
  await summary(s, from, CRONS.cleanup, "purgeSentOutbox");
  const after = await retry();
  check(after.headers.get("idempotent-replayed") === null, "the purged key was still replayed");
  check(
    after.body.id === held.id && after.body.status === "cancelled",
    "the retry did not answer the hold as it is now",
    after.body,
  );
  return `as of +25 h: ${show(purged.deleted)} idempotency keys purged; the same retry now runs again (hold cancelled, not a replay)`;
}

/** The alert rules run over the live stack: the journey so far raises none of them. */
async function alerts(s: JourneyState): Promise<string> {
  const from = await fire(s, CRONS.alerts);
  const done = await summary(s, from, CRONS.alerts, "evaluateAlerts");
  check(Array.isArray(done?.firing), "the alerts task did not say which rules fire", done);
  return `rules firing: ${show(done?.firing)}; incidents open: ${show(done?.open)}`;
}

/** The nightly export writes every table to the local R2 bucket. */
async function backup(s: JourneyState): Promise<string> {
  const from = await fire(s, CRONS.backup);
  const done = await summary(s, from, CRONS.backup, "backupDatabase");
  check(typeof done?.rows === "number" && done.rows > 0, "the backup exported no rows", done);
  return `${show(done?.rows)} rows in ${show(done?.tables)} tables under ${show(done?.prefix)}`;
}

/** One check per cron job; the type makes a new entry in CRONS fail the typecheck until it has one. */
export const CRON_CHECKS: Record<CronJob, (s: JourneyState) => Promise<string>> = {
  reminders,
  reconcile,
  refreshPopularRoutes: refresh,
  cleanup,
  alerts,
  backup,
};

export const cronStepName = (job: CronJob) => `cron ${CRONS[job]}`;
