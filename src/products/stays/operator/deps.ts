import type { Database } from "../../../db/client";
import type { OperatorChanges } from "../../../inventory/contract";
import type { Result } from "../../../lib/result";

export interface StaysOperatorDeps {
  db: Database;
  /**
   * The property's inventory object, one call, all or nothing (InventoryRpc.applyOperatorChanges
   * on `INVENTORY.getByName(propertyId)`, wired by the composition root). It decides first: a
   * refusal (CAPACITY_BELOW_COMMITTED…) leaves D1 as it was.
   */
  applyOperatorChanges: (propertyId: string, changes: OperatorChanges) => Promise<Result<unknown>>;
  /** New invalidation versions for these cities (ScopeVersions.bump(cities.map(cityScope))). */
  bumpCities: (cities: string[]) => Promise<unknown>;
  now: () => number;
  /** `ovr_…`, `cls_…`. */
  newId: (prefix: string) => string;
}
