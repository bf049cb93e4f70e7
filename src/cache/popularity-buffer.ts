/**
 * Per-isolate buffer in front of the shared popularity counts. Counting every search in Redis
 * costs a billed command per search, memory hits included; instead an isolate adds up its
 * searches and sends them in one pipeline every `flushEveryMs`.
 *
 * Two searches are sent at once, for their own route-day only: an isolate's first search of a
 * route-day, so it learns the global count before it decides whether the route-day deserves KV,
 * and the search that makes a route-day popular, so the refresh-ahead cron sees it without waiting
 * for the next flush.
 *
 * A long tail of route-days searched once or twice per interval would still cost about a command
 * per search at each flush (Redis bills each ZINCRBY of a pipeline), so a flush sends a route-day
 * counted fewer than `exactFrom` times only with probability count / exactFrom, as exactFrom:
 * the expected count is unchanged, and a flush costs at most one command per `exactFrom`
 * searches plus one per route-day searched more often. Popular route-days, the ones KV and the
 * refresh cron care about, are counted exactly.
 */
export class PopularityBuffer {
  private pending = new Map<string, number>();
  private known = new Map<string, number>();
  private nextFlushAt = 0;

  constructor(
    private readonly flushEveryMs: number,
    private readonly popularAt: number,
    private readonly now: () => number,
    private readonly exactFrom = 8,
    private readonly random: () => number = Math.random,
    private readonly maxKnown = 10_000,
  ) {}

  /**
   * Counts one search. Resolves to the best estimate of the route-day's count: the global total
   * at the last send plus what this isolate has seen since. `send` adds counts in Redis and
   * returns the new totals; when it fails the counts sent are dropped (they are estimates).
   */
  record(member: string, send: (batch: ReadonlyMap<string, number>) => Promise<Map<string, number>>): Promise<number> {
    const pending = (this.pending.get(member) ?? 0) + 1;
    this.pending.set(member, pending);
    const known = this.known.get(member);
    const now = this.now();
    if (known === undefined || (known < this.popularAt && known + pending >= this.popularAt)) {
      this.pending.delete(member);
      // The interval starts with the first send, so the first searches are batched too.
      if (now >= this.nextFlushAt) this.nextFlushAt = now + this.flushEveryMs;
      return this.send(new Map([[member, pending]]), send).then((totals) => totals.get(member) ?? 0);
    }
    if (now < this.nextFlushAt) return Promise.resolve(known + pending);
    const batch = this.sample(this.pending);
    this.pending = new Map();
    this.nextFlushAt = now + this.flushEveryMs;
    if (batch.size === 0) return Promise.resolve(known + pending);
    return this.send(batch, send).then((totals) => totals.get(member) ?? known + pending);
  }

  private sample(pending: ReadonlyMap<string, number>): Map<string, number> {
    const batch = new Map<string, number>();
    for (const [member, count] of pending) {
      if (count >= this.exactFrom) batch.set(member, count);
      else if (this.random() < count / this.exactFrom) batch.set(member, this.exactFrom);
    }
    return batch;
  }

  private async send(
    batch: ReadonlyMap<string, number>,
    send: (batch: ReadonlyMap<string, number>) => Promise<Map<string, number>>,
  ): Promise<Map<string, number>> {
    const totals = await send(batch);
    // A window rollover in Redis resets counts; bounded so a scan of many routes cannot grow it.
    if (this.known.size > this.maxKnown) this.known.clear();
    for (const [member, total] of totals) this.known.set(member, total);
    return totals;
  }
}
