/**
 * Per-isolate buffer in front of the shared popularity counts. Counting every search in Redis
 * costs a round trip and two billed commands per search, memory hits included; instead an isolate
 * adds up its searches and sends them in one pipeline every `flushEveryMs`. The first search of
 * a route-day in an isolate still goes to Redis at once, so the isolate learns the global count
 * before it decides whether the route-day deserves KV, and so does the search that makes a
 * route-day popular, so the refresh-ahead cron sees it without waiting for the next flush.
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
    private readonly maxKnown = 10_000,
  ) {}

  /**
   * Counts one search. Resolves to the best estimate of the route-day's count: the global total
   * at the last flush plus what this isolate has seen since. `send` adds counts in Redis and
   * returns the new totals; when it fails the buffered counts are dropped (they are estimates).
   */
  record(member: string, send: Send): Promise<number> {
    return this.recordAll([member], send).then((counts) => counts.get(member) ?? 0);
  }

  /**
   * Counts one search of several members (a range of days): one flush at most, sent when any
   * member is new to this isolate or becomes popular, so a range costs one pipeline, not one per day.
   */
  recordAll(members: readonly string[], send: Send): Promise<Map<string, number>> {
    let flushNow = this.now() >= this.nextFlushAt;
    for (const member of new Set(members)) {
      const pending = (this.pending.get(member) ?? 0) + 1;
      this.pending.set(member, pending);
      const known = this.known.get(member);
      const becomesPopular = known !== undefined && known < this.popularAt && known + pending >= this.popularAt;
      if (known === undefined || becomesPopular) flushNow = true;
    }
    const estimate = (member: string) => (this.known.get(member) ?? 0) + (this.pending.get(member) ?? 0);
    if (!flushNow) return Promise.resolve(new Map(members.map((m) => [m, estimate(m)])));
    return this.flush(send).then((totals) => new Map(members.map((m) => [m, totals.get(m) ?? this.known.get(m) ?? 0])));
  }

  private async flush(send: Send): Promise<Map<string, number>> {
    const batch = this.pending;
    this.pending = new Map();
    this.nextFlushAt = this.now() + this.flushEveryMs;
    const totals = await send(batch);
    // A window rollover in Redis resets counts; bounded so a scan of many routes cannot grow it.
    if (this.known.size > this.maxKnown) this.known.clear();
    for (const [member, total] of totals) this.known.set(member, total);
    return totals;
  }
}
