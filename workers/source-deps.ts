import { ScopeVersions } from "../src/cache/scope-versions";
import { CACHE_POLICY } from "../src/config";
import { createDb } from "../src/db/client";
import type { AppEnv } from "../src/env";
import type { SourceDeps } from "../src/inventory/contract";
import type { Clock } from "../src/lib/clock";
import type { Logger } from "../src/lib/logger";

/**
 * What a product's InventorySource gets from its object: D1, and bumping the search caches'
 * versions (KV) for the scopes a change makes stale. The versions are not memoised here (an
 * empty map): an object bumps, it never reads them.
 */
export function sourceDeps(env: AppEnv, clock: Clock, log: Logger): SourceDeps {
  const versions = new ScopeVersions(
    env.ROUTE_CACHE,
    new Map(),
    CACHE_POLICY.versionTtlSeconds,
    () => clock.now(),
    log,
  );
  return { db: createDb(env.DB), bumpScopes: (scopes) => versions.bump(scopes) };
}
