import { ScopeVersions, type VersionMemo } from "../../../cache/scope-versions";
import type { Logger } from "../../../lib/logger";
import { routeVersionKey } from "./keys";

/** Departures' versions: one scope per city pair, so LHR→CDG, LON→PAR, LHR→PAR and LON→CDG move together. */
export class RouteVersions {
  private readonly scopes: ScopeVersions;

  constructor(kv: KVNamespace, memo: Map<string, VersionMemo>, ttlSeconds: number, now: () => number, log?: Logger) {
    this.scopes = new ScopeVersions(kv, memo, ttlSeconds, now, log);
  }

  get(originCity: string, destinationCity: string): Promise<string> {
    return this.scopes.get(routeVersionKey(originCity, destinationCity));
  }

  /** New versions for every affected city pair; the local memo follows at once. */
  bump(pairs: Iterable<[string, string]>): Promise<string[]> {
    return this.scopes.bump(Array.from(pairs, ([o, d]) => routeVersionKey(o, d)));
  }
}
