import type { AppEnv } from "../env";
import type { InventoryRpc } from "./contract";

type InventoryNamespace = DurableObjectNamespace<InventoryRpc & Rpc.DurableObjectBranded>;

/**
 * The one way to reach a departure's object: one object per departure, named by its id.
 * The generated Env types the binding without its class, so the class's RPC surface is stated here.
 */
export function inventoryStub(env: Pick<AppEnv, "INVENTORY">, departureId: string): InventoryRpc {
  return (env.INVENTORY as InventoryNamespace).getByName(departureId);
}
