import type { AppEnv } from "../../src/env";
import { InventoryObject } from "../../workers/inventory-object";
import { benchEnv } from "./env";
import { meterSqlStorage } from "./metering";

/**
 * The production object with its env wrapped like the Worker's, so that its D1 reads and writes
 * (loading a unit, publishing availability) are counted too, and with its own SQLite counted
 * (rows read and written, which Cloudflare bills as it bills D1's).
 * Exported by the benchmark's entry under the production class name, so wrangler.toml binds it.
 */
export class BenchInventoryObject extends InventoryObject {
  constructor(ctx: DurableObjectState, env: AppEnv) {
    meterSqlStorage(ctx.storage.sql);
    super(ctx, benchEnv(env));
  }

  /** Answers without touching storage: the bare Durable Object call of the do-ping scenario. */
  async ping(): Promise<number> {
    return Date.now();
  }
}
