import { jsonLogger, type Logger } from "../lib/logger";
import type { CostMeter } from "../lib/metrics";

export interface VersionMemo {
  version: string;
  until: number;
}

/**
 * Invalidation versions, one per scope (a KV key such as `routever:LON:PAR` or
 * `scopever:events:LON`). Cache keys end with the version of their scope, so writing a new
 * version makes every entry of the scope unreachable at once, without scanning keys.
 *
 * Versions live in KV (readable everywhere, written only on operator changes). Each isolate
 * remembers a version for `ttlSeconds`, so the hot path costs no KV read; a change is seen by
 * every isolate within ttlSeconds plus KV's own edge caching (see CACHE_POLICY).
 *
 * KV failing must not fail a search or an operator change. A version that cannot be read is the
 * last one this isolate saw (else "0"), and a bump that cannot be written still moves the local
 * memo: D1 stays the truth, and other isolates stop serving the old data at the latest when it
 * ages past CACHE_POLICY.maxStaleSeconds (stale-while-revalidate reloads it from D1 before that).
 */
export class ScopeVersions {
  constructor(
    private readonly kv: KVNamespace,
    private readonly memo: Map<string, VersionMemo>,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
    private readonly meter?: CostMeter,
    // Log names predate scopes other than routes; they stay as alerts and tests know them.
    private readonly log: Logger = jsonLogger({ component: "route_versions" }),
  ) {}

  async get(key: string): Promise<string> {
    const memo = this.memo.get(key);
    if (memo && memo.until > this.now()) return memo.version;
    this.meter?.add("kv_reads");
    let version: string;
    try {
      version = (await this.kv.get(key, { cacheTtl: 60 })) ?? "0";
    } catch (error) {
      version = memo?.version ?? "0";
      this.log.warn("route_version_unavailable", { key, fallback: version, error: String(error) });
    }
    this.memo.set(key, { version, until: this.now() + this.ttlSeconds * 1000 });
    return version;
  }

  /** One new version for every key given; the local memo follows at once. Returns the keys. */
  async bump(keys: Iterable<string>): Promise<string[]> {
    const unique = [...new Set(keys)];
    const version = `${this.now().toString(36)}${crypto.getRandomValues(new Uint32Array(1))[0]?.toString(36)}`;
    await Promise.all(
      unique.map(async (key) => {
        this.memo.set(key, { version, until: this.now() + this.ttlSeconds * 1000 });
        this.meter?.add("kv_writes");
        try {
          await this.kv.put(key, version);
        } catch (error) {
          this.log.error("route_version_bump_failed", { key, version, error: String(error) });
        }
      }),
    );
    return unique;
  }
}
