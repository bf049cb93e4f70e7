import type { Database } from "../../../db/client";
import type { OperatorChanges, PoolAvailability } from "../../../inventory/contract";
import type { Result } from "../../../lib/result";

/** The event's object's one operator RPC (InventoryRpc.applyOperatorChanges), bound to a unit by the caller. */
export type ApplyOperatorChanges = (unitId: string, changes: OperatorChanges) => Promise<Result<PoolAvailability[]>>;

/** What the operator verbs need; the engine's part is injected (the unit's object), never imported. */
export interface EventOperatorDeps {
  db: Database;
  /** The event's inventory object: it decides, so every change lands there first, all or nothing. */
  applyOperatorChanges: ApplyOperatorChanges;
  /** Moves the search caches of these cities to a new version (bumpEventCities). */
  bumpCities: (cityCodes: string[]) => Promise<unknown>;
  now: () => number;
}
