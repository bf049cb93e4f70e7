/** Time as an injectable dependency, so rules about expiry and freshness are testable. */
export interface Clock {
  /** Milliseconds since the epoch, UTC. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const fixedClock = (ms: number): Clock => ({ now: () => ms });
