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
 * Concurrent searches cannot wait on each other in a circle: a search starts every lookup in one
 * synchronous pass, so a key it shares with another search (TieredCache's in-flight map) belongs
 * to a search that started earlier, and an earlier search never waits on a later one.
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
