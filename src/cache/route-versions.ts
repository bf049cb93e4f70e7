import type { CostMeter } from "../lib/metrics";
import { routeVersionKey } from "./keys";

interface Memo {
  version: string;
  until: number;
}

/**
 * Route versions live in KV (readable everywhere, written only on operator changes). Each isolate
 * remembers a version for `ttlSeconds`, so the hot path costs no KV read; an operator change is
 * seen by every isolate within ttlSeconds plus KV's own edge caching (see CACHE_POLICY).
 */
export class RouteVersions {
  constructor(
    private readonly kv: KVNamespace,
    private readonly memo: Map<string, Memo>,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
    private readonly meter?: CostMeter,
  ) {}

  async get(originCity: string, destinationCity: string): Promise<string> {
    const key = routeVersionKey(originCity, destinationCity);
    const memo = this.memo.get(key);
    if (memo && memo.until > this.now()) return memo.version;
    this.meter?.add("kv_reads");
    const version = (await this.kv.get(key, { cacheTtl: 60 })) ?? "0";
    this.memo.set(key, { version, until: this.now() + this.ttlSeconds * 1000 });
    return version;
  }

  /** New versions for every affected city pair; the local memo follows at once. */
  async bump(pairs: Iterable<[string, string]>): Promise<string[]> {
    const keys = new Set<string>();
    for (const [o, d] of pairs) keys.add(routeVersionKey(o, d));
    const version = `${this.now().toString(36)}${crypto.getRandomValues(new Uint32Array(1))[0]?.toString(36)}`;
    await Promise.all(
      [...keys].map(async (key) => {
        this.meter?.add("kv_writes");
        await this.kv.put(key, version);
        this.memo.set(key, { version, until: this.now() + this.ttlSeconds * 1000 });
      }),
    );
    return [...keys];
  }
}
