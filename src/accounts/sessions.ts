import { and, eq, gt } from "drizzle-orm";
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
      email: accounts.email,
      role: accounts.role,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.tokenHash, await hashSecret(input.token)), gt(sessions.expiresAt, at)))
    .get();
  if (!row) return null;
  let expiresAt = row.expiresAt;
  const renewed = expiresAt - at < ACCOUNT_POLICY.sessionRenewBelowSeconds;
  if (renewed) {
    expiresAt = at + ACCOUNT_POLICY.sessionTtlSeconds;
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
  const expiresAt = at + ACCOUNT_POLICY.sessionTtlSeconds;
  const [row] = await deps.db
    .update(sessions)
    .set({ tokenHash: await hashSecret(token), expiresAt, lastSeenAt: at })
    .where(and(eq(sessions.id, input.sessionId), gt(sessions.expiresAt, at)))
    .returning({ id: sessions.id });
  return row ? { id: row.id, token, expiresAt } : null;
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
