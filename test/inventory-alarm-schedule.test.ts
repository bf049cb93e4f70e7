import { describe, expect, it } from "vitest";
import { AlarmSchedule, type AlarmStorage, nextWake } from "../src/inventory/alarm-schedule";
import { RETENTION_POLICY } from "../src/inventory/policy";

const DAY = 86_400_000;
const RETENTION = RETENTION_POLICY.afterCloseSeconds * 1000;

/** The alarm as the object's storage keeps it, and every call that reached it. */
function storage(initial: number | null = null): AlarmStorage & { alarm: number | null; calls: string[] } {
  return {
    alarm: initial,
    calls: [],
    async getAlarm() {
      this.calls.push("get");
      return this.alarm;
    },
    async setAlarm(at: number) {
      this.calls.push(`set ${at}`);
      this.alarm = at;
    },
    async deleteAlarm() {
      this.calls.push("delete");
      this.alarm = null;
    },
  };
}

describe("when an inventory object wakes", () => {
  const now = 100 * DAY;

  it("does not wake without a hold deadline or a closing date", () => {
    expect(nextWake(null, null, now)).toBeNull();
  });

  it("wakes at the earliest of the hold deadline and the retirement", () => {
    const closesAt = now + DAY;
    expect(nextWake(now + 60_000, closesAt, now)).toBe(now + 60_000);
    expect(nextWake(null, closesAt, now)).toBe(closesAt + RETENTION);
    expect(nextWake(closesAt + RETENTION + 1, closesAt, now)).toBe(closesAt + RETENTION);
  });

  it("looks at retirement again a retry later once it is due but postponed", () => {
    const closesAt = now - RETENTION - DAY;
    expect(nextWake(null, closesAt, now)).toBe(now + RETENTION_POLICY.retrySeconds * 1000);
  });
});

describe("an object's alarm schedule", () => {
  it("looks for due holds until this instance has set the alarm, then only once it is due", async () => {
    const schedule = new AlarmSchedule(storage());
    expect(schedule.mayHaveDue(0)).toBe(true);
    await schedule.arm(1_000);
    expect(schedule.mayHaveDue(999)).toBe(false);
    expect(schedule.mayHaveDue(1_000)).toBe(true);
    await schedule.arm(null);
    expect(schedule.mayHaveDue(10_000)).toBe(false);
  });

  it("sets each time once and deletes the alarm when nothing is due", async () => {
    const store = storage();
    const schedule = new AlarmSchedule(store);
    await schedule.arm(1_000);
    await schedule.arm(1_000);
    await schedule.arm(2_000);
    await schedule.arm(null);
    expect(store.calls).toEqual(["set 1000", "set 2000", "delete"]);
  });

  it("knows a fired alarm is gone, and after forgetting asks again", async () => {
    const store = storage();
    const schedule = new AlarmSchedule(store);
    await schedule.arm(1_000);
    schedule.fired();
    expect(schedule.mayHaveDue(5_000)).toBe(false);
    await schedule.arm(1_000);
    expect(store.calls).toEqual(["set 1000", "set 1000"]);
    schedule.forget();
    expect(schedule.mayHaveDue(0)).toBe(true);
  });

  it("gives an object without an alarm one, and leaves a set alarm alone", async () => {
    const unset = storage();
    await new AlarmSchedule(unset).ensure(() => 3_000);
    expect(unset.calls).toEqual(["get", "set 3000"]);

    const set = storage(2_000);
    await new AlarmSchedule(set).ensure(() => 3_000);
    expect(set.calls).toEqual(["get"]);
  });
});
