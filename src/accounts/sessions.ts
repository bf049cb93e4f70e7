import { and, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { accounts, type Role, sessions } from "../db/schema";
import { ACCOUNT_POLICY, SESSION_TOKEN_PREFIX } from "./policy";
import { hashSecret, newPublicId, newSecret, nowSeconds } from "./tokens";

export interface SessionDeps {
  db: Database;
  /** Epoch ms. */
  now: number;
}

export interface SessionPrincipal {
  sessionId: string;
  accountId: string;
  email: string;
  role: Role;
  kind: "cookie" | "bearer";
  expiresAt: number;
  /** The expiry moved: a cookie must be sent again. */
  renewed: boolean;
}

export interface IssuedSession {
  id: string;
  token: string;
  expiresAt: number;
}

const TOKEN = /^efs_[A-Za-z0-9_-]{43}$/;

/** Every sign-in mints a new session: a token a client brought is never promoted (no fixation). */
export async function createSession({
  deps,
  input,
}: {
  deps: SessionDeps;
  input: { accountId: string; kind: "cookie" | "bearer"; userAgent: string | null };
}): Promise<IssuedSession> {
  const token = `${SESSION_TOKEN_PREFIX}${newSecret()}`;
  const at = nowSeconds(deps.now);
  const session = {
    id: newPublicId("ses"),
    tokenHash: await hashSecret(token),
    accountId: input.accountId,
    kind: input.kind,
    createdAt: at,
    expiresAt: at + ACCOUNT_POLICY.sessionTtlSeconds,
    lastSeenAt: at,
    userAgent: input.userAgent?.slice(0, 200) ?? null,
  };
  await deps.db.insert(sessions).values(session);
  return { id: session.id, token, expiresAt: session.expiresAt };
}

/** Where a used session's expiry slides to: a full life from now, never past its absolute end. */
const slidExpiry = (at: number, createdAt: number) =>
  Math.min(at + ACCOUNT_POLICY.sessionTtlSeconds, createdAt + ACCOUNT_POLICY.sessionMaxLifetimeSeconds);

/** The session a token opens, or null (unknown, malformed, expired, revoked). */
export async function resolveSession({
  deps,
  input,
}: {
  deps: SessionDeps;
  input: { token: string };
}): Promise<SessionPrincipal | null> {
  if (!TOKEN.test(input.token)) return null;
  const at = nowSeconds(deps.now);
  const row = await deps.db
    .select({
      id: sessions.id,
      accountId: sessions.accountId,
      kind: sessions.kind,
      expiresAt: sessions.expiresAt,
      createdAt: sessions.createdAt,
      email: accounts.email,
      role: accounts.role,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.tokenHash, await hashSecret(input.token)), gt(sessions.expiresAt, at)))
    .get();
  if (!row) return null;
  let expiresAt = row.expiresAt;
  const slid = slidExpiry(at, row.createdAt);
  const renewed = expiresAt - at < ACCOUNT_POLICY.sessionRenewBelowSeconds && slid > expiresAt;
  if (renewed) {
    expiresAt = slid;
    await deps.db.update(sessions).set({ expiresAt, lastSeenAt: at }).where(eq(sessions.id, row.id));
  }
  return {
    sessionId: row.id,
    accountId: row.accountId,
    email: row.email,
    role: row.role,
    kind: row.kind,
    expiresAt,
    renewed,
  };
}

/** A new token for the same session; the old one stops working at once. */
export async function rotateSession({
  deps,
  input,
}: {
  deps: SessionDeps;
  input: { sessionId: string };
}): Promise<IssuedSession | null> {
  const token = `${SESSION_TOKEN_PREFIX}${newSecret()}`;
  const at = nowSeconds(deps.now);
  const [row] = await deps.db
    .update(sessions)
    .set({
      tokenHash: await hashSecret(token),
      // A new token, not a new sign-in: the session's absolute end stays where it was.
      expiresAt: sql`min(${at + ACCOUNT_POLICY.sessionTtlSeconds}, ${sessions.createdAt} + ${ACCOUNT_POLICY.sessionMaxLifetimeSeconds})`,
      lastSeenAt: at,
    })
    .where(and(eq(sessions.id, input.sessionId), gt(sessions.expiresAt, at)))
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  return row ? { id: row.id, token, expiresAt: row.expiresAt } : null;
}

export function listSessions({ deps, input }: { deps: SessionDeps; input: { accountId: string } }) {
  return deps.db
    .select({
      id: sessions.id,
      kind: sessions.kind,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.accountId, input.accountId), gt(sessions.expiresAt, nowSeconds(deps.now))))
    .orderBy(sessions.createdAt, sessions.id)
    .all();
}

/** Only the account's own sessions: another account's id is "not found", never a revocation. */
export async function revokeSession({
  deps,
  input,
}: {
  deps: Pick<SessionDeps, "db">;
  input: { accountId: string; sessionId: string };
}): Promise<boolean> {
  const rows = await deps.db
    .delete(sessions)
    .where(and(eq(sessions.id, input.sessionId), eq(sessions.accountId, input.accountId)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}
