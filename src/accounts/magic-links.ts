import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { accounts, magicLinks, type Role } from "../db/schema";
import { err, ok, type Result } from "../lib/result";
import { prepareOutboxEmailQuery } from "../notifications/outbox";
import { ACCOUNT_POLICY } from "./policy";
import { hashSecret, newPublicId, newSecret, normaliseEmail, nowSeconds } from "./tokens";

export interface MagicLinkDeps {
  db: Database;
  /** Epoch ms. */
  now: number;
  /** Hands committed outbox rows to EMAIL_JOBS (never throws; the sweep repairs a lost enqueue). */
  enqueueEmails: (outboxIds: string[]) => Promise<unknown>;
}

/**
 * Writes a single-use link and its email in one D1 batch (the outbox rule), then enqueues the
 * email. The same whether or not an account exists: sign-up and sign-in are one flow, so the
 * answer says nothing about who has an account. `linkBase` is the confirm page; the token goes
 * in its fragment-free query and is only consumed by the page's POST (mail scanners follow GETs).
 */
export async function requestMagicLink({
  deps,
  input,
}: {
  deps: MagicLinkDeps;
  input: {
    email: string;
    purpose: "sign_in" | "claim";
    accountId: string | null;
    /** For `claim`: the guest booking the link adds to `accountId` (src/accounts/claim-by-email.ts). */
    bookingId?: string;
    linkBase: string;
  };
}): Promise<void> {
  const token = newSecret();
  const tokenHash = await hashSecret(token);
  const at = nowSeconds(deps.now);
  const url = new URL(input.linkBase);
  url.searchParams.set("token", token);
  const email = prepareOutboxEmailQuery(deps.db, {
    bookingId: null,
    to: normaliseEmail(input.email),
    template: {
      kind: "sign_in_link",
      data: { url: url.toString(), expiresInMinutes: ACCOUNT_POLICY.magicLinkTtlSeconds / 60, purpose: input.purpose },
    },
    // One email per link; the hash names the link without revealing it.
    dedupeKey: `sign-in-link:${tokenHash.slice(0, 32)}`,
    now: deps.now,
  });
  await deps.db.batch([
    deps.db.insert(magicLinks).values({
      tokenHash,
      email: normaliseEmail(input.email),
      purpose: input.purpose,
      accountId: input.accountId,
      bookingId: input.bookingId ?? null,
      createdAt: at,
      expiresAt: at + ACCOUNT_POLICY.magicLinkTtlSeconds,
    }),
    email.query,
  ]);
  await deps.enqueueEmails([email.outboxId]);
}

export interface ConsumedLink {
  accountId: string;
  role: Role;
  created: boolean;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Single use: DELETE … RETURNING is one statement, so of two concurrent clicks exactly one gets
 * the row. A used, expired, unknown or malformed token is the same refusal, and so is a claim
 * link (it is consumed only by its own route, by the account that asked for it). A sign-in link
 * for an address with no account creates the account (traveller).
 */
export async function consumeMagicLink({
  deps,
  input,
}: {
  deps: Pick<MagicLinkDeps, "db" | "now">;
  input: { token: string };
}): Promise<Result<ConsumedLink>> {
  const refused = err("MAGIC_LINK_INVALID", "This link is not valid: it was used already, has expired, or is wrong.");
  if (!isLinkToken(input.token)) return refused;
  const [link] = await deps.db
    .delete(magicLinks)
    .where(and(eq(magicLinks.tokenHash, await hashSecret(input.token)), eq(magicLinks.purpose, "sign_in")))
    .returning();
  const at = nowSeconds(deps.now);
  if (!link || link.expiresAt <= at) return refused;
  const newId = newPublicId("acc");
  const [account] = await deps.db
    .insert(accounts)
    .values({ id: newId, email: link.email, role: "traveller", createdAt: at })
    // A no-op update, so RETURNING gives the existing row too.
    .onConflictDoUpdate({ target: accounts.email, set: { email: link.email } })
    .returning({ id: accounts.id, role: accounts.role });
  if (!account) return refused;
  return ok({ accountId: account.id, role: account.role, created: account.id === newId });
}

export const isLinkToken = (token: string): boolean => TOKEN.test(token);
