import { and, asc, eq, gt, gte, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { inventoryOwners } from "../db/schema";
import { decodeCursorPayload, encodeCursorPayload, queryFingerprintOf } from "../lib/cursor";
import { err, ok, type Result } from "../lib/result";

/** One unit as the organiser console lists it (the product's `listUnits` answer, or its id alone). */
export interface UnitEntry {
  id: string;
  title: string;
  startsAt: number | null;
  status: string;
}

/** What the route hands in of the product asked for (src/products is above this layer). */
export interface UnitCatalogue {
  product: string;
  idPrefix: string;
  list?: (input: { ids: readonly string[] } | { after: string | null; limit: number }) => Promise<UnitEntry[]>;
}

/**
 * One page of a product's units, in id order: an organiser's own (inventory_owners, read along
 * inventory_owners_account_idx), or, for an admin (`ownerId` null), every unit the product has.
 * An owned unit the product no longer knows is still listed, by its id, so it can be found and
 * reassigned. Keyset-paged on the unit id; the cursor is bound to the owner and the product.
 */
export async function listUnits({
  deps,
  input,
}: {
  deps: { db: Database; catalogue: UnitCatalogue };
  input: { ownerId: string | null; limit: number; cursor?: string | undefined };
}): Promise<Result<{ units: UnitEntry[]; nextCursor: string | null }>> {
  const { catalogue } = deps;
  const fingerprint = queryFingerprintOf([input.ownerId ?? "*", catalogue.product]);
  let after: string | null = null;
  if (input.cursor !== undefined) {
    const payload = decodeCursorPayload(input.cursor) as { a?: unknown; f?: unknown } | null;
    if (!payload || payload.f !== fingerprint || typeof payload.a !== "string" || payload.a.length > 80) {
      return err("INVALID_CURSOR", "The cursor is not valid for this list; start again without it.");
    }
    after = payload.a;
  }
  const size = input.limit + 1;
  let units: UnitEntry[];
  if (input.ownerId === null) {
    units = catalogue.list ? await catalogue.list({ after, limit: size }) : [];
  } else {
    const owned = await ownedUnitsQuery(deps.db, { ownerId: input.ownerId, prefix: catalogue.idPrefix, after, size });
    const ids = owned.map((o) => o.unitId);
    const known = new Map((catalogue.list ? await catalogue.list({ ids }) : []).map((u) => [u.id, u]));
    units = ids.map((id) => known.get(id) ?? { id, title: id, startsAt: null, status: "unknown" });
  }
  const page = units.slice(0, input.limit);
  const last = page.at(-1);
  const nextCursor = units.length > input.limit && last ? encodeCursorPayload({ a: last.id, f: fingerprint }) : null;
  return ok({ units: page, nextCursor });
}

/**
 * One page of an organiser's units of one product, in id order (exported for its query-plan
 * test). The product's ids are the range [`evt_`, `evt` + the character after `_`).
 */
export function ownedUnitsQuery(
  db: Database,
  q: { ownerId: string; prefix: string; after: string | null; size: number },
) {
  return db
    .select({ unitId: inventoryOwners.unitId })
    .from(inventoryOwners)
    .where(
      and(
        eq(inventoryOwners.accountId, q.ownerId),
        q.after === null ? gte(inventoryOwners.unitId, `${q.prefix}_`) : gt(inventoryOwners.unitId, q.after),
        lt(inventoryOwners.unitId, `${q.prefix}\``),
      ),
    )
    .orderBy(asc(inventoryOwners.unitId))
    .limit(q.size);
}
