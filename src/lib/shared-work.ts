/**
 * Work one request of an isolate started that other requests of the isolate may wait for,
 * without ever awaiting its promise.
 *
 * A promise settled by another request's I/O resumes whoever awaits it in that request's
 * context: under load the runtime then refused the waiter's own I/O ("Cannot perform I/O on behalf
 * of a different request"), or killed it as hung once the other request had ended (the --redis
 * benchmark's 500s, docs/redis-and-dev.md). So the request that starts the work awaits `promise`,
 * and every other request `join`s: it polls the settled outcome on timers of its own, so what
 * wakes it is always its own I/O, and gives up after `maxWaitMs` (the starter vanished).
 */
export class SharedWork<T> {
  private outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;

  constructor(readonly promise: Promise<T>) {
    promise.then(
      (value) => {
        this.outcome = { ok: true, value };
      },
      (error: unknown) => {
        this.outcome = { ok: false, error };
      },
    );
  }

  get settled(): boolean {
    return this.outcome !== null;
  }

  /**
   * For another request: the work's value (its error thrown) once settled, or `overdue` if it is
   * not settled after about `maxWaitMs`. Sleeps 1, 2, 4, then 8 ms between looks.
   */
  async join(maxWaitMs: number, sleep: (ms: number) => Promise<void> = sleepOnOwnTimer): Promise<T | typeof overdue> {
    let waited = 0;
    for (let step = 1; this.outcome === null; step = Math.min(step * 2, 8)) {
      if (waited >= maxWaitMs) return overdue;
      await sleep(step);
      waited += step;
    }
    if (!this.outcome.ok) throw this.outcome.error;
    return this.outcome.value;
  }
}

/** What `join` answers when the work did not settle in time. */
export const overdue: unique symbol = Symbol("overdue");

/** A timer of the calling request's own. */
export function sleepOnOwnTimer(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
