/**
 * Per-isolate breaker for an optional dependency (Redis). After a failure the dependency is
 * skipped for `coolOffMs`, so an outage or a slow Redis costs one deadline per isolate every
 * few seconds instead of one per request. Then one request tries again.
 */
export class CircuitBreaker {
  private openUntil = 0;

  constructor(
    private readonly coolOffMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get closed(): boolean {
    return this.now() >= this.openUntil;
  }

  trip(): void {
    this.openUntil = this.now() + this.coolOffMs;
  }
}
