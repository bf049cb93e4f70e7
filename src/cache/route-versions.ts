import { jsonLogger, type Logger } from "../lib/logger";
import { routeVersionKey } from "./keys";

interface Memo {
  version: string;
  until: number;
}

/**
 * Route versions live in KV (readable everywhere, written only on operator changes). Each isolate
 * remembers a version for `ttlSeconds`, so the hot path costs no KV read; an operator change is
 * seen by every isolate within ttlSeconds plus KV's own edge caching (see CACHE_POLICY).
 *
 * KV failing must not fail a search or an operator change. A version that cannot be read is the
 * last one this isolate saw (else "0"), and a bump that cannot be written still moves the local
 * memo: D1 stays the truth, and other isolates stop serving the old data at the latest when it
 * ages past CACHE_POLICY.maxStaleSeconds (stale-while-revalidate reloads it from D1 before that).
 */
export class RouteVersions {
  constructor(
    private readonly kv: KVNamespace,
    private readonly memo: Map<string, Memo>,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
    private readonly log: Logger = jsonLogger({ component: "route_versions" }),
  ) {}

  async get(originCity: string, destinationCity: string): Promise<string> {
    const key = routeVersionKey(originCity, destinationCity);
    const memo = this.memo.get(key);
    if (memo && memo.until > this.now()) return memo.version;
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

  /** New versions for every affected city pair; the local memo follows at once. */
  async bump(pairs: Iterable<[string, string]>): Promise<string[]> {
    const keys = new Set<string>();
    for (const [o, d] of pairs) keys.add(routeVersionKey(o, d));
    const version = `${this.now().toString(36)}${crypto.getRandomValues(new Uint32Array(1))[0]?.toString(36)}`;
    await Promise.all(
      [...keys].map(async (key) => {
        this.memo.set(key, { version, until: this.now() + this.ttlSeconds * 1000 });
        try {
          await this.kv.put(key, version);
        } catch (error) {
          this.log.error("route_version_bump_failed", { key, version, error: String(error) });
        }
      }),
    );
    return [...keys];
  }
}
