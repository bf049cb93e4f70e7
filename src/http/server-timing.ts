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

  header(): string {
    return this.entries.map((e) => `${e.name};dur=${e.dur.toFixed(1)}${e.desc ? `;desc="${e.desc}"` : ""}`).join(", ");
  }
}
