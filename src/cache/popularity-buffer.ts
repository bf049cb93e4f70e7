/**
 * Per-isolate buffer in front of the shared popularity counts. Counting every search in Redis
 * costs a billed command per search, memory hits included; instead an isolate adds up its
 * searches and sends them in one pipeline every `flushEveryMs`.
 *
 * Two kinds of search are sent at once, for their own members only: an isolate's first search of
 * a member, so it learns the global count before it decides whether the member deserves KV, and
 * the search that makes a member popular, so the refresh-ahead cron sees it without waiting for
 * the next flush. A search of several members (a range of days) sends them in one pipeline.
 *
 * A long tail of members searched once or twice per interval would still cost about a command
 * per search at each flush (Redis bills each ZINCRBY of a pipeline), so a flush sends a member
 * counted fewer than `exactFrom` times only with probability count / exactFrom, as exactFrom:
 * the expected count is unchanged, and a flush costs at most one command per `exactFrom`
 * searches plus one per member searched more often. Popular members, the ones KV and the
 * refresh cron care about, are counted exactly.
 */
type Send = (batch: ReadonlyMap<string, number>) => Promise<Map<string, number>>;

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
   * Counts one search. Resolves to the best estimate of the member's count: the global total
   * at the last send plus what this isolate has seen since. `send` adds counts in Redis and
   * returns the new totals; when it fails the counts sent are dropped (they are estimates).
   */
  record(member: string, send: Send): Promise<number> {
    return this.recordAll([member], send).then((counts) => counts.get(member) ?? 0);
  }

  /** Counts one search of several members (a range of days): one pipeline at most. */
  recordAll(members: readonly string[], send: Send): Promise<Map<string, number>> {
    const urgent = new Map<string, number>();
    for (const member of new Set(members)) {
      const pending = (this.pending.get(member) ?? 0) + 1;
      const known = this.known.get(member);
      if (known === undefined || (known < this.popularAt && known + pending >= this.popularAt)) {
        this.pending.delete(member);
        urgent.set(member, pending);
      } else {
        this.pending.set(member, pending);
      }
    }
    const now = this.now();
    let batch = urgent;
    if (urgent.size > 0) {
      // The interval starts with the first send, so the first searches are batched too.
      if (now >= this.nextFlushAt) this.nextFlushAt = now + this.flushEveryMs;
    } else if (now >= this.nextFlushAt) {
      batch = this.sample(this.pending);
      this.pending = new Map();
      this.nextFlushAt = now + this.flushEveryMs;
    }
    const estimates = () => new Map(members.map((m) => [m, this.estimate(m)]));
    if (batch.size === 0) return Promise.resolve(estimates());
    // What was just sent is no longer pending, so an estimate is the total Redis returned.
    return this.send(batch, send).then((totals) => new Map(members.map((m) => [m, totals.get(m) ?? this.estimate(m)])));
  }

  private estimate(member: string): number {
    return (this.known.get(member) ?? 0) + (this.pending.get(member) ?? 0);
  }

  private sample(pending: ReadonlyMap<string, number>): Map<string, number> {
    const batch = new Map<string, number>();
    for (const [member, count] of pending) {
      if (count >= this.exactFrom) batch.set(member, count);
      else if (this.random() < count / this.exactFrom) batch.set(member, this.exactFrom);
    }
    return batch;
  }

  private async send(batch: ReadonlyMap<string, number>, send: Send): Promise<Map<string, number>> {
    const totals = await send(batch);
    // A window rollover in Redis resets counts; bounded so a scan of many routes cannot grow it.
    if (this.known.size > this.maxKnown) this.known.clear();
    for (const [member, total] of totals) this.known.set(member, total);
    return totals;
  }
}
