import type { AppEnv } from "../env";
import type { InventoryRpc } from "./contract";

/** The one way to reach a unit's object: one object per unit (departure, property, event), named by its id. */
export function inventoryStub(env: Pick<AppEnv, "INVENTORY">, unitId: string): InventoryRpc {
  return env.INVENTORY.getByName(unitId);
}
