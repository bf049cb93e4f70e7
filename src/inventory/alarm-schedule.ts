import { retirementCheckAt } from "./policy";

/** The part of a Durable Object's storage the alarm needs (DurableObjectStorage has it). */
export interface AlarmStorage {
  getAlarm(): Promise<number | null>;
  setAlarm(scheduledTime: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

/** When an inventory object must wake next: its earliest hold deadline or its next look at retirement. */
export function nextWake(nextExpiry: number | null, closesAt: number | null, now: number): number | null {
  const candidates = [nextExpiry, retirementCheckAt(closesAt, now)].filter((t): t is number => t !== null);
  return candidates.length === 0 ? null : Math.min(...candidates);
}

/**
 * An object's one alarm, and what this instance knows about it. Every call first expires due
 * holds (the alarm may be late), but looking costs a query on the hot path: the time last set
 * says when it is worth it, and repeated sets of the same time are skipped.
 */
export class AlarmSchedule {
  private readonly storage: AlarmStorage;
  /** The alarm time this instance last set; undefined until it sets one in this life. */
  private armedFor: number | null | undefined;

  constructor(storage: AlarmStorage) {
    this.storage = storage;
  }

  /** Before the first change of a fresh instance the alarm is unknown, so the answer is yes. */
  mayHaveDue(now: number): boolean {
    return this.armedFor === undefined || (this.armedFor !== null && now >= this.armedFor);
  }

  /** The alarm has fired and is no longer set. */
  fired(): void {
    this.armedFor = null;
  }

  /** The storage was deleted along with its alarm: a later object starts unknowing. */
  forget(): void {
    this.armedFor = undefined;
  }

  async arm(at: number | null): Promise<void> {
    if (at === this.armedFor) return;
    // Recorded before awaiting, so a call that runs meanwhile compares against what it will find.
    this.armedFor = at;
    if (at === null) await this.storage.deleteAlarm();
    else await this.storage.setAlarm(at);
  }

  /** Objects stored before an alarm was always kept get theirs the first time they wake. */
  async ensure(at: () => number | null): Promise<void> {
    if ((await this.storage.getAlarm()) === null) await this.arm(at());
  }
}
