import type { Logger } from "../lib/logger";
import type { CostMeter } from "../lib/metrics";
import { routeVersionKey } from "./keys";
import { ScopeVersions, type VersionMemo } from "./scope-versions";

/** Departures' scope is a city pair, so LHR→CDG, LON→PAR, LHR→PAR and LON→CDG move together. */
export class RouteVersions {
  private readonly scopes: ScopeVersions;

  constructor(
    kv: KVNamespace,
    memo: Map<string, VersionMemo>,
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

  /** New versions for every affected city pair. */
  bump(pairs: Iterable<[string, string]>): Promise<string[]> {
    return this.scopes.bump(Array.from(pairs, ([o, d]) => routeVersionKey(o, d)));
  }
}
