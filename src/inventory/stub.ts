import type { AppEnv } from "../env";
import type { InventoryRpc } from "./contract";

/** The one way to reach a departure's object: one object per departure, named by its id (idFromName). */
export function inventoryStub(env: Pick<AppEnv, "INVENTORY">, departureId: string): InventoryRpc {
  return env.INVENTORY.getByName(departureId);
}
