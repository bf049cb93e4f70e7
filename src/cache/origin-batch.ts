import type { CacheLookup, TieredCache } from "./tiered-cache";

interface Waiting<V> {
  key: number;
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the origin loads of one search into one round trip. A search looks up `expected` cache
 * keys at once, each walking the tiers on its own; those that miss everywhere ask this batch for a
 * load. Once every key has either asked or been answered by a tier, the batch runs all the loads
 * together. A load asked for after that (a stale entry's background refresh) runs on its own.
 *
 * A key whose lookup joins one already under way (TieredCache's in-flight map: another search's,
 * often another request's) is counted as settled when the lookup starts, because it never asks
 * for a load here. So a batch waits only on its own request's events, runs its read from its own
 * request's I/O context (one started in another request's is cancelled when that request ends),
 * and searches never wait on each other's batches.
 */
export class OriginBatch<V> {
  private readonly waiting: Waiting<V>[] = [];
  private readonly accounted = new Set<number>();
  private open = true;

  constructor(
    private readonly expected: number,
    private readonly run: (keys: number[]) => Promise<V[]>,
  ) {}

  load(key: number): Promise<V> {
    if (!this.open) return this.run([key]).then((values) => values[0] as V);
    return new Promise<V>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      this.account(key);
    });
  }

  /** The lookup of `key` finished: it will not ask for a load within this search any more. */
  settled(key: number): void {
    this.account(key);
  }

  /**
   * Looks `cacheKey` up through `cache`, loading entry `key` through this batch on a miss. A lookup
   * that joins one under way (another request's, maybe) never asks this batch for a load, so it is
   * counted at once: the batch's D1 read must not wait for another request's events, nor be
   * started from one (a read started in another request's I/O context is cancelled when that
   * request ends, and this search would hang until the runtime answers 500).
   */
  lookup<T extends V>(
    cache: Pick<TieredCache, "get" | "joins">,
    key: number,
    cacheKey: string,
    isPopular: () => Promise<boolean>,
  ): Promise<CacheLookup<T>> {
    if (cache.joins(cacheKey)) this.settled(key);
    return cache.get<T>(cacheKey, () => this.load(key) as Promise<T>, isPopular).finally(() => this.settled(key));
  }

  private account(key: number): void {
    this.accounted.add(key);
    if (this.open && this.accounted.size >= this.expected) this.flush();
  }

  private flush(): void {
    this.open = false;
    const batch = this.waiting.splice(0);
    if (batch.length === 0) return;
    this.run(batch.map((w) => w.key)).then(
      (values) => {
        for (const [i, w] of batch.entries()) w.resolve(values[i] as V);
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error);
      },
    );
  }
}
