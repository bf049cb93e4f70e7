/**
 * Per-request cost counters (D1 queries and rows, KV reads/writes, Redis commands, Durable
 * Object calls). Always counted (it is a few integer increments); exposed in a response header
 * only when BENCH_COUNTERS is set, for the benchmark harness to turn into cost per request.
 */
export type CostCounter =
  | "d1_queries"
  | "d1_rows_read"
  | "d1_rows_written"
  | "kv_reads"
  | "kv_writes"
  | "redis_commands"
  | "do_calls";

export class CostMeter {
  private readonly counts = new Map<CostCounter, number>();

  /** `sink` also receives every count, background work included (the benchmark's isolate totals). */
  constructor(private readonly sink?: (counter: CostCounter, n: number) => void) {}

  add(counter: CostCounter, n = 1): void {
    this.counts.set(counter, (this.counts.get(counter) ?? 0) + n);
    this.sink?.(counter, n);
  }

  get(counter: CostCounter): number {
    return this.counts.get(counter) ?? 0;
  }

  header(): string {
    return [...this.counts].map(([k, v]) => `${k}=${v}`).join(", ");
  }
}
