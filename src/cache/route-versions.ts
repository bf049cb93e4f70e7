import type { Logger } from "../lib/logger";
import type { CostMeter } from "../lib/metrics";
import { routeVersionKey } from "./keys";
import { ScopeVersions } from "./scope-versions";

/** Departures' versions: one scope per city pair (`routever:<originCity>:<destinationCity>`). */
export class RouteVersions {
  private readonly scopes: ScopeVersions;

  constructor(
    kv: KVNamespace,
    memo: Map<string, { version: string; until: number }>,
    ttlSeconds: number,
    now: () => number,
    meter?: CostMeter,
    log?: Logger,
  ) {
    this.scopes = new ScopeVersions(kv, memo, ttlSeconds, now, meter, log);
  }

  get(originCity: string, destinationCity: string): Promise<string> {
    return this.scopes.get(routeVersionKey(originCity, destinationCity));
  }

  /** New versions for every affected city pair; the local memo follows at once. */
  bump(pairs: Iterable<[string, string]>): Promise<string[]> {
    return this.scopes.bump([...pairs].map(([o, d]) => routeVersionKey(o, d)));
  }
}
