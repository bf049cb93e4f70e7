import { jsonLogger, type Logger } from "../lib/logger";

export interface VersionMemo {
  version: string;
  until: number;
}

/** The version key of a product's scope (stays and events: a city). */
export function scopeVersionKey(product: string, scope: string): string {
  return `scopever:${product}:${scope}`;
}

/**
 * Invalidation versions, one per scope: a KV key naming what a change can affect (a city pair
 * for departures, `routever:<o>:<d>`; a city for stays and events, `scopever:<product>:<city>`).
 * Cache keys end with their scope's version, so writing a new version makes every entry of the
 * scope unreachable at once, without scanning keys.
 *
 * Versions live in KV (readable everywhere, written only on changes). Each isolate remembers a
 * version for `ttlSeconds`, so the hot path costs no KV read; a change is seen by every isolate
 * within ttlSeconds plus KV's own edge caching (see CACHE_POLICY).
 *
 * KV failing must not fail a search or a change. A version that cannot be read is the last one
 * this isolate saw (else "0"), and a bump that cannot be written still moves the local memo: D1
 * stays the truth, and other isolates stop serving the old data at the latest when it ages past
 * CACHE_POLICY.maxStaleSeconds (stale-while-revalidate reloads it from D1 before that).
 */
export class ScopeVersions {
  constructor(
    private readonly kv: KVNamespace,
    private readonly memo: Map<string, VersionMemo>,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
    private readonly log: Logger = jsonLogger({ component: "scope_versions" }),
  ) {}

  async get(scope: string): Promise<string> {
    const memo = this.memo.get(scope);
    if (memo && memo.until > this.now()) return memo.version;
    let version: string;
    try {
      version = (await this.kv.get(scope, { cacheTtl: 60 })) ?? "0";
    } catch (error) {
      version = memo?.version ?? "0";
      this.log.warn("scope_version_unavailable", { key: scope, fallback: version, error: String(error) });
    }
    this.memo.set(scope, { version, until: this.now() + this.ttlSeconds * 1000 });
    return version;
  }

  /** One new version for every scope given; the local memo follows at once. Returns the scopes. */
  async bump(scopes: Iterable<string>): Promise<string[]> {
    const keys = [...new Set(scopes)];
    const version = `${this.now().toString(36)}${crypto.getRandomValues(new Uint32Array(1))[0]?.toString(36)}`;
    await Promise.all(
      keys.map(async (key) => {
        this.memo.set(key, { version, until: this.now() + this.ttlSeconds * 1000 });
        try {
          await this.kv.put(key, version);
        } catch (error) {
          this.log.error("scope_version_bump_failed", { key, version, error: String(error) });
        }
      }),
    );
    return keys;
  }
}
