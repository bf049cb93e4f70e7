import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { accounts, inventoryOwners, type Role } from "../db/schema";
import { err, ok, type Result } from "../lib/result";
import { normaliseEmail, nowSeconds } from "./tokens";

/**
 * Admins grant roles (an admin session or the bootstrap key), by address: the account must exist
 * (its owner signed in once). Sessions read the role on every request, so a change applies at once.
 */
export async function grantRole({
  deps,
  input,
}: {
  deps: { db: Database };
  input: { email: string; role: Role };
}): Promise<Result<{ id: string; email: string; role: Role }>> {
  const [row] = await deps.db
    .update(accounts)
    .set({ role: input.role })
    .where(and(eq(accounts.email, normaliseEmail(input.email)), isNull(accounts.erasedAt)))
    .returning({ id: accounts.id, email: accounts.email, role: accounts.role });
  return row
    ? ok(row)
    : err("ACCOUNT_NOT_FOUND", "No account has this email address; its owner must sign in once first.");
}

/** Whether the organiser runs this unit (departure, property or event). */
export async function ownsUnit(db: Database, accountId: string, unitId: string): Promise<boolean> {
  const row = await db
    .select({ accountId: inventoryOwners.accountId })
    .from(inventoryOwners)
    .where(eq(inventoryOwners.unitId, unitId))
    .get();
  return row?.accountId === accountId;
}

/** Hands units to an organiser (admins only); a unit has one owner, a second assignment moves it. */
export async function assignUnits({
  deps,
  input,
}: {
  deps: { db: Database; now: number };
  input: { accountId: string; unitIds: string[] };
}): Promise<Result<{ unitIds: string[] }>> {
  const owner = await deps.db
    .select({ role: accounts.role })
    .from(accounts)
    .where(and(eq(accounts.id, input.accountId), isNull(accounts.erasedAt)))
    .get();
  if (!owner) return err("ACCOUNT_NOT_FOUND", `No account has the id '${input.accountId}'.`);
  if (owner.role !== "organiser") {
    return err("CONFLICT", "Only an organiser can own inventory: grant the role first.");
  }
  const at = nowSeconds(deps.now);
  const rows = input.unitIds.map((unitId) => ({ unitId, accountId: input.accountId, createdAt: at }));
  await deps.db
    .insert(inventoryOwners)
    .values(rows)
    .onConflictDoUpdate({ target: inventoryOwners.unitId, set: { accountId: input.accountId, createdAt: at } });
  return ok({ unitIds: input.unitIds });
}
