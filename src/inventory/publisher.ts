import type { Logger } from "../lib/logger";

/**
 * At most one publish in flight per object. Changes that arrive meanwhile mark it dirty and are
 * covered by one more run, which reads the state as it is then: under a burst of holds D1 sees a
 * handful of writes, not one per hold. A failed publish is logged and left for the next change.
 */
export class AvailabilityPublisher {
  private inFlight: Promise<void> | null = null;
  private dirty = false;

  constructor(
    private readonly publish: () => Promise<void>,
    private readonly log: Logger,
  ) {}

  /** Returns the promise to hand to waitUntil. */
  request(): Promise<void> {
    this.dirty = true;
    this.inFlight ??= this.drain().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Resolves when nothing is in flight (tests wait on it instead of sleeping). */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async drain(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      try {
        await this.publish();
      } catch (error) {
        this.log.warn("availability_publish_failed", { error: String(error) });
        return;
      }
    }
  }
}
