import type { Logger } from "../lib/logger";
import { overdue, SharedWork } from "../lib/shared-work";
import type { CacheEntry, CacheTier, ServedBy } from "./tier";

export interface FreshnessPolicy {
  freshSeconds: number;
  maxStaleSeconds: number;
}

export interface CacheLookup<T> {
  value: T;
  asOf: number;
  servedBy: ServedBy;
  /** fresh: younger than freshSeconds; stale: served while a background refresh runs. */
  state: "fresh" | "stale";
}

export interface TieredCacheDeps {
  tiers: CacheTier[];
  policy: FreshnessPolicy;
  /**
   * Isolate-wide: concurrent lookups of one key share one walk down the tiers (and so one
   * origin load on a miss); background refreshes are de-duplicated the same way.
   */
  inflight: Map<string, SharedWork<unknown>>;
  now: () => number;
  waitUntil: (p: Promise<unknown>) => void;
  log: Logger;
  /** Called when a tier fails a read or a write (after it is logged). */
  onTierError?: (tier: CacheTier["name"]) => void;
  /** Called with each step's duration, for Server-Timing. */
  onStep?: (name: ServedBy, durationMs: number, outcome: string) => void;
}

/** How long a request waits for another request's walk of the same key before walking it itself. */
const JOIN_MAX_WAIT_MS = 2_000;

/**
 * The read path through an ordered list of tiers (fastest first) down to the origin. A hit fills
 * the faster tiers in the background; a stale hit is served and refreshed once in the background.
 */
export class TieredCache {
  constructor(private readonly deps: TieredCacheDeps) {}

  get<T>(key: string, load: () => Promise<T>, isPopular: () => Promise<boolean>): Promise<CacheLookup<T>> {
    return this.shared(key, () => this.lookup(key, load, isPopular));
  }

  /**
   * Whether a lookup of `key` is under way in this isolate (maybe another request's): a get() now
   * joins it and never calls its own `load`.
   */
  joins(key: string): boolean {
    return this.deps.inflight.has(key);
  }

  /** Walks the tiers from `from` down; `from` > 0 re-reads what a faster tier holds, to refresh it. */
  private async lookup<T>(
    key: string,
    load: () => Promise<T>,
    isPopular: () => Promise<boolean>,
    from = 0,
  ): Promise<CacheLookup<T>> {
    const { tiers, policy } = this.deps;
    for (let index = from; index < tiers.length; index++) {
      const tier = tiers[index] as CacheTier;
      const entry = await this.read<T>(tier, key);
      if (!entry) continue;
      const ageSeconds = (this.deps.now() - entry.asOf) / 1000;
      if (ageSeconds > policy.maxStaleSeconds) continue;
      this.deps.waitUntil(this.fill(tiers.slice(0, index), key, entry, isPopular));
      const state = ageSeconds > policy.freshSeconds ? "stale" : "fresh";
      if (state === "stale") this.deps.waitUntil(this.refresh(key, load, isPopular));
      else if (tier.refreshDue?.(key)) {
        // Refresh-ahead: requests keep being served from here while the tiers below are read once.
        this.deps.waitUntil(this.shared(`reread:${key}`, () => this.lookup(key, load, isPopular, index + 1)));
      }
      return { value: entry.value, asOf: entry.asOf, servedBy: tier.name, state };
    }
    const started = performance.now();
    const entry = await this.loadEntry(load);
    this.deps.onStep?.("origin", performance.now() - started, "load");
    this.deps.waitUntil(this.fill(tiers, key, entry, isPopular));
    return { value: entry.value, asOf: entry.asOf, servedBy: "origin", state: "fresh" };
  }

  private async read<T>(tier: CacheTier, key: string): Promise<CacheEntry<T> | null> {
    const started = performance.now();
    try {
      const entry = await tier.get<T>(key);
      this.deps.onStep?.(tier.name, performance.now() - started, entry ? "hit" : "miss");
      return entry;
    } catch (error) {
      this.deps.onStep?.(tier.name, performance.now() - started, "error");
      this.deps.log.warn("cache_tier_read_failed", { tier: tier.name, key, error: String(error) });
      this.deps.onTierError?.(tier.name);
      return null;
    }
  }

  /**
   * One walk per key for the whole isolate. The request that starts the work awaits it and hands
   * it to its waitUntil: Workers cancel a request's I/O when its client disconnects, and the key
   * would otherwise stay in `inflight` for good. Other requests join it on timers of their own
   * (SharedWork: never resumed by the starter's I/O), and after JOIN_MAX_WAIT_MS do the work
   * themselves, unshared.
   */
  private async shared<R>(key: string, work: () => Promise<R>): Promise<R> {
    const pending = this.deps.inflight.get(key) as SharedWork<R> | undefined;
    if (pending) {
      const joined = await pending.join(JOIN_MAX_WAIT_MS);
      if (joined !== overdue) return joined;
      if (this.deps.inflight.get(key) === pending) this.deps.inflight.delete(key);
      return work();
    }
    const shared = new SharedWork(work());
    this.deps.inflight.set(key, shared);
    const done = shared.promise.finally(() => {
      if (this.deps.inflight.get(key) === shared) this.deps.inflight.delete(key);
    });
    this.deps.waitUntil(done.catch(() => undefined));
    return done;
  }

  private async loadEntry<T>(load: () => Promise<T>): Promise<CacheEntry<T>> {
    const asOf = this.deps.now();
    return { value: await load(), asOf };
  }

  private refresh<T>(key: string, load: () => Promise<T>, isPopular: () => Promise<boolean>): Promise<void> {
    return this.shared(`refresh:${key}`, async () => {
      const entry = await this.loadEntry(load);
      await this.fill(this.deps.tiers, key, entry, isPopular);
    });
  }

  private async fill<T>(
    tiers: CacheTier[],
    key: string,
    entry: CacheEntry<T>,
    isPopular: () => Promise<boolean>,
  ): Promise<void> {
    if (tiers.length === 0) return;
    const remaining = this.deps.policy.maxStaleSeconds - (this.deps.now() - entry.asOf) / 1000;
    if (remaining <= 0) return;
    const popular = await isPopular().catch(() => false);
    await Promise.all(
      tiers.map((tier) =>
        tier.set(key, entry, { ttlSeconds: remaining, popular }).catch((error: unknown) => {
          this.deps.log.warn("cache_tier_write_failed", { tier: tier.name, key, error: String(error) });
          this.deps.onTierError?.(tier.name);
        }),
      ),
    );
  }
}
