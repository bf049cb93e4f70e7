import type { Redis } from "@upstash/redis/cloudflare";

/**
 * How often each member (a route-day, a city-day, a city-night) is searched per window (a minute,
 * CACHE_POLICY.popularityWindowSeconds). Redis counts across every isolate and region; without
 * Redis each isolate counts for itself (enough to decide what deserves a KV write).
 */
export interface Popularity {
  /** Counts one search and resolves to the member's count in the current window. */
  record(member: string): Promise<number>;
  /** Counts one search of several members at once (a range of days, a stay's nights); resolves to each one's count. */
  recordAll(members: readonly string[]): Promise<Map<string, number>>;
  /** Most searched members of the current window and the previous one (each at its larger count). */
  top(limit: number): Promise<{ member: string; count: number }[]>;
}

const windowOf = (now: number, windowSeconds: number) => Math.floor(now / 1000 / windowSeconds);

export class RedisPopularity implements Popularity {
  constructor(
    private readonly redis: Redis,
    private readonly windowSeconds: number,
    private readonly now: () => number,
    /** One sorted set per product and window: members of one product never crowd out another's top list. */
    private readonly prefix = "popularity",
  ) {}

  private key(window: number): string {
    return `${this.prefix}:${window}`;
  }

  async record(member: string): Promise<number> {
    const counts = await this.recordMany(new Map([[member, 1]]));
    return counts.get(member) ?? 0;
  }

  recordAll(members: readonly string[]): Promise<Map<string, number>> {
    return this.recordMany(tally(members));
  }

  /** Adds several counts in one pipeline (one HTTP request) and returns each member's new total. */
  async recordMany(increments: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    const key = this.key(windowOf(this.now(), this.windowSeconds));
    const members = [...increments.keys()];
    const pipe = this.redis.pipeline();
    for (const member of members) pipe.zincrby(key, increments.get(member) ?? 1, member);
    pipe.expire(key, this.windowSeconds * 2);
    const results = await pipe.exec<number[]>();
    return new Map(members.map((member, i) => [member, Number(results[i])]));
  }

  /**
   * The current window and the one before, in one pipeline, each member at its larger count: the
   * cron fires at the start of a minute, when the current window has barely begun.
   */
  async top(limit: number): Promise<{ member: string; count: number }[]> {
    const current = windowOf(this.now(), this.windowSeconds);
    const pipe = this.redis.pipeline();
    for (const window of [current, current - 1]) {
      pipe.zrange(this.key(window), 0, limit - 1, { rev: true, withScores: true });
    }
    const [now, before] = await pipe.exec<[(string | number)[], (string | number)[]]>();
    const best = new Map<string, number>();
    for (const { member, count } of [...pairs(now), ...pairs(before)]) {
      best.set(member, Math.max(best.get(member) ?? 0, count));
    }
    return [...best]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([member, count]) => ({ member, count }));
  }
}

export function tally(members: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const member of members) counts.set(member, (counts.get(member) ?? 0) + 1);
  return counts;
}

function pairs(flat: (string | number)[]): { member: string; count: number }[] {
  const out: { member: string; count: number }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ member: String(flat[i]), count: Number(flat[i + 1]) });
  return out;
}

export class MemoryPopularity implements Popularity {
  private window = -1;
  private counts = new Map<string, number>();

  constructor(
    private readonly windowSeconds: number,
    private readonly now: () => number,
    private readonly maxKeys = 10_000,
  ) {}

  async record(member: string): Promise<number> {
    this.roll();
    const count = (this.counts.get(member) ?? 0) + 1;
    if (this.counts.size < this.maxKeys || this.counts.has(member)) this.counts.set(member, count);
    return count;
  }

  async recordAll(members: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const member of members) counts.set(member, await this.record(member));
    return counts;
  }

  async top(limit: number): Promise<{ member: string; count: number }[]> {
    this.roll();
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([member, count]) => ({ member, count }));
  }

  private roll(): void {
    const current = windowOf(this.now(), this.windowSeconds);
    if (current !== this.window) {
      this.window = current;
      this.counts = new Map();
    }
  }
}
