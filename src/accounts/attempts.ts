import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { signInAttempts } from "../db/schema";
import { ACCOUNT_POLICY } from "./policy";
import { hashSecret, nowSeconds } from "./tokens";

export type AttemptOutcome = { allowed: true } | { allowed: false; retryAfter: number };

/**
 * Spends one sign-in attempt on each key (the account, the network) and refuses past the budget
 * of either: 5 per 15 minutes. Fixed windows in D1, one atomic upsert per key in one batch: the
 * count holds across isolates and without Redis. An account key is the SHA-256 of the address,
 * so this table names no one.
 */
export async function spendSignInAttempt({
  deps,
  input,
}: {
  deps: { db: Database; now: number };
  input: { network: string; email?: string };
}): Promise<AttemptOutcome> {
  const keys = [`ip:${input.network}`];
  if (input.email) keys.push(`acct:${await hashSecret(input.email)}`);
  return spendAttempts(deps, keys);
}

/**
 * Claim-link requests (src/accounts/claim-by-email.ts) on their own budget, as sign-in's: 5 per
 * 15 minutes per network, per requesting account and per address written to, so neither a
 * requester nor many requesters together can make an inbox receive more than 5 in 15 minutes.
 */
export async function spendClaimAttempt({
  deps,
  input,
}: {
  deps: { db: Database; now: number };
  input: { network: string; accountId: string; email: string };
}): Promise<AttemptOutcome> {
  return spendAttempts(deps, [
    `claim-ip:${input.network}`,
    `claim-by:${input.accountId}`,
    `claim-to:${await hashSecret(input.email)}`,
  ]);
}

async function spendAttempts(deps: { db: Database; now: number }, keys: string[]): Promise<AttemptOutcome> {
  const { requests, windowSeconds } = ACCOUNT_POLICY.signInAttempts;
  const at = nowSeconds(deps.now);
  const stale = at - windowSeconds;
  const spend = (key: string) =>
    deps.db
      .insert(signInAttempts)
      .values({ key, windowStart: at, count: 1 })
      .onConflictDoUpdate({
        target: signInAttempts.key,
        // SQLite evaluates every SET expression on the old row, so both see the old window_start.
        set: {
          count: sql`CASE WHEN ${signInAttempts.windowStart} <= ${stale} THEN 1 ELSE ${signInAttempts.count} + 1 END`,
          windowStart: sql`CASE WHEN ${signInAttempts.windowStart} <= ${stale} THEN ${at} ELSE ${signInAttempts.windowStart} END`,
        },
      })
      .returning({ count: signInAttempts.count, windowStart: signInAttempts.windowStart });
  const [first, ...rest] = keys.map(spend);
  if (!first) return { allowed: true };
  const results = await deps.db.batch([first, ...rest]);
  const over = results.flat().filter((r) => r.count > requests);
  if (over.length === 0) return { allowed: true };
  const until = Math.max(...over.map((r) => r.windowStart + windowSeconds));
  return { allowed: false, retryAfter: Math.max(1, until - at) };
}

/** Old windows, for the cleanup cron. */
export function purgeSignInAttempts(db: Database, nowMs: number) {
  const stale = nowSeconds(nowMs) - ACCOUNT_POLICY.signInAttempts.windowSeconds;
  return db.delete(signInAttempts).where(sql`${signInAttempts.windowStart} <= ${stale}`);
}
