/** Collects per-tier durations for the Server-Timing header. */
export class ServerTiming {
  private readonly entries: { name: string; dur: number; desc?: string }[] = [];

  add(name: string, durMs: number, desc?: string): void {
    this.entries.push(desc ? { name, dur: durMs, desc } : { name, dur: durMs });
  }

  async measure<T>(name: string, work: () => Promise<T>, desc?: string): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(name, performance.now() - started, desc);
    }
  }

  /**
   * For a search that reads many cache entries (a range of days, a stay's nights): one entry per
   * tier, its durations added up and its outcomes counted ("3 hit, 1 miss"), written by `flush`.
   */
  perTier(): { onStep: (tier: string, durMs: number, outcome: string) => void; flush: () => void } {
    const byTier = new Map<string, { dur: number; outcomes: Map<string, number> }>();
    const onStep = (tier: string, durMs: number, outcome: string) => {
      const entry = byTier.get(tier) ?? { dur: 0, outcomes: new Map() };
      entry.dur += durMs;
      entry.outcomes.set(outcome, (entry.outcomes.get(outcome) ?? 0) + 1);
      byTier.set(tier, entry);
    };
    const flush = () => {
      for (const [tier, { dur, outcomes }] of byTier) {
        this.add(tier, dur, [...outcomes].map(([outcome, n]) => `${n} ${outcome}`).join(", "));
      }
    };
    return { onStep, flush };
  }

  header(): string {
    return this.entries.map((e) => `${e.name};dur=${e.dur.toFixed(1)}${e.desc ? `;desc="${e.desc}"` : ""}`).join(", ");
  }
}
