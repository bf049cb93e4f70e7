import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { type ApiKeyScope, accounts, apiKeys, type Role } from "../db/schema";
import { constantTimeEqual } from "../lib/constant-time";
import { err, ok, type Result } from "../lib/result";
import { ACCOUNT_POLICY, API_KEY_PREFIX } from "./policy";
import { hashSecret, newPublicId, newSecret, nowSeconds } from "./tokens";

export interface ApiKeyDeps {
  db: Database;
  /** Epoch ms. */
  now: number;
}

/** Scopes a role may put on its keys: only those who run inventory may hand out `manage:inventory`. */
export function scopesFor(role: Role): readonly ApiKeyScope[] {
  return role === "traveller" ? ["search", "book"] : ["search", "book", "manage:inventory"];
}

export interface CreatedApiKey {
  id: string;
  /** The whole key: shown once, never stored. */
  key: string;
  prefix: string;
}

export async function createApiKey({
  deps,
  input,
}: {
  deps: ApiKeyDeps;
  input: {
    accountId: string;
    role: Role;
    name: string;
    scopes: ApiKeyScope[];
    rateLimitPerMinute: number | null;
    expiresAt: number | null;
  };
}): Promise<Result<CreatedApiKey>> {
  const allowed = scopesFor(input.role);
  const refused = input.scopes.filter((s) => !allowed.includes(s));
  if (refused.length > 0) {
    return err(
      "FORBIDDEN",
      `A ${input.role} may not create keys with the scope ${refused.map((s) => `'${s}'`).join(", ")}.`,
    );
  }
  const at = nowSeconds(deps.now);
  if (input.expiresAt !== null && input.expiresAt <= at) {
    return err("VALIDATION_FAILED", "expires_at must be in the future.", {
      errors: [{ field: "expires_at", message: "must be in the future" }],
    });
  }
  const [held] = await deps.db
    .select({ n: count() })
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, input.accountId), isNull(apiKeys.revokedAt)));
  if ((held?.n ?? 0) >= ACCOUNT_POLICY.maxApiKeysPerAccount) {
    return err("CONFLICT", `An account may hold ${ACCOUNT_POLICY.maxApiKeysPerAccount} active keys; revoke one first.`);
  }
  const prefix = `${API_KEY_PREFIX}${newSecret().slice(0, 8)}`;
  const secret = newSecret();
  const id = newPublicId("key");
  await deps.db.insert(apiKeys).values({
    id,
    accountId: input.accountId,
    name: input.name,
    prefix,
    secretHash: await hashSecret(secret),
    scopes: [...new Set(input.scopes)],
    rateLimitPerMinute: input.rateLimitPerMinute,
    createdAt: at,
    expiresAt: input.expiresAt,
  });
  return ok({ id, key: `${prefix}_${secret}`, prefix });
}

export interface VerifiedApiKey {
  id: string;
  accountId: string;
  /** The owning account's role now: a demoted organiser's keys lose `manage:inventory` at once. */
  role: Role;
  scopes: ApiKeyScope[];
  rateLimitPerMinute: number | null;
  /** The last-used write, when due (at most once a minute per key): run it in the background. */
  touch: Promise<unknown> | null;
}

const KEY = /^(efk_[A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{43})$/;

/** The key's row when the whole key matches and it is neither revoked nor expired; else null. */
export async function verifyApiKey({
  deps,
  input,
}: {
  deps: ApiKeyDeps;
  input: { key: string };
}): Promise<VerifiedApiKey | null> {
  const match = KEY.exec(input.key);
  if (!match?.[1] || !match[2]) return null;
  const found = await deps.db
    .select({ key: apiKeys, role: accounts.role })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(eq(apiKeys.prefix, match[1]))
    .get();
  const row = found?.key;
  // Compared in constant time even when the prefix is unknown, so timing does not tell which prefixes exist.
  const same = await constantTimeEqual(await hashSecret(match[2]), row?.secretHash ?? "");
  if (!found || !row || !same || row.revokedAt !== null) return null;
  const at = nowSeconds(deps.now);
  if (row.expiresAt !== null && row.expiresAt <= at) return null;
  const due = row.lastUsedAt === null || at - row.lastUsedAt >= ACCOUNT_POLICY.apiKeyTouchSeconds;
  return {
    id: row.id,
    accountId: row.accountId,
    role: found.role,
    scopes: row.scopes,
    rateLimitPerMinute: row.rateLimitPerMinute,
    touch: due ? deps.db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, row.id)).run() : null,
  };
}

export function listApiKeys({ deps, input }: { deps: Pick<ApiKeyDeps, "db">; input: { accountId: string } }) {
  return deps.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      rateLimitPerMinute: apiKeys.rateLimitPerMinute,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.accountId, input.accountId))
    .orderBy(desc(apiKeys.createdAt), apiKeys.id)
    .all();
}

/** Revokes one of the account's own keys; another account's key id is not found. */
export async function revokeApiKey({
  deps,
  input,
}: {
  deps: ApiKeyDeps;
  input: { accountId: string; id: string };
}): Promise<boolean> {
  const rows = await deps.db
    .update(apiKeys)
    .set({ revokedAt: nowSeconds(deps.now) })
    .where(and(eq(apiKeys.id, input.id), eq(apiKeys.accountId, input.accountId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
