import { describe, expect, it } from "vitest";
import { judgePass, readPass, signPass } from "../src/waiting-room/pass";
import { emptyRecord, joinRoom, openRoom } from "../src/waiting-room/queue";
import { aheadOf, assignSlot, WAITING_ROOM_POLICY } from "../src/waiting-room/room";
import { waitingRoomSecret } from "../src/waiting-room/secret";

const SECRET = "a-test-secret-of-at-least-32-characters";
const T0 = Date.UTC(2026, 11, 1, 10);

describe("the waiting room's line", () => {
  it("spaces slots 1/rate apart in join order, even when a crowd joins in the same millisecond", () => {
    let state = { version: 1, joined: 0, lastSlotAt: 0 };
    const slots = [];
    for (let i = 0; i < 5; i++) {
      const { slot, next } = assignSlot(state, T0, 4);
      slots.push(slot);
      state = next;
    }
    expect(slots).toEqual([
      { position: 1, slotAt: T0 },
      { position: 2, slotAt: T0 + 250 },
      { position: 3, slotAt: T0 + 500 },
      { position: 4, slotAt: T0 + 750 },
      { position: 5, slotAt: T0 + 1000 },
    ]);
  });

  it("gives no backlog of past slots to a room that stood idle", () => {
    const { slot } = assignSlot({ version: 1, joined: 10, lastSlotAt: T0 }, T0 + 60_000, 4);
    expect(slot).toEqual({ position: 11, slotAt: T0 + 60_000 });
  });

  it("refuses joins once the wait would pass the bound, and joins nothing in a closed room", () => {
    const open = openRoom(emptyRecord(), "evt_x", { ratePerSecond: 1, until: T0 + 86_400_000 }, T0);
    const full = { ...open, queue: { ...open.queue, lastSlotAt: T0 + WAITING_ROOM_POLICY.maxWaitSeconds * 1000 } };
    const refused = joinRoom(full, T0);
    expect(refused.ok || refused.error.code).toBe("WAITING_ROOM_FULL");
    const closed = joinRoom({ ...open, room: null }, T0);
    expect(closed.ok || closed.error.code).toBe("WAITING_ROOM_NOT_FOUND");
    const lapsed = joinRoom(open, T0 + 86_400_000);
    expect(lapsed.ok || lapsed.error.code).toBe("WAITING_ROOM_NOT_FOUND");
  });

  it("keeps the line when an open room's rate changes and starts a new one when a closed room reopens", () => {
    const first = openRoom(emptyRecord(), "evt_x", { ratePerSecond: 2, until: T0 + 3_600_000 }, T0);
    const joined = joinRoom(first, T0);
    if (!joined.ok) throw new Error("join refused");
    const changed = openRoom(joined.value.next, "evt_x", { ratePerSecond: 50, until: T0 + 3_600_000 }, T0);
    expect(changed.room).toMatchObject({ version: 1, ratePerSecond: 50 });
    expect(changed.queue.joined).toBe(1);
    const reopened = openRoom({ ...changed, room: null }, "evt_x", { ratePerSecond: 2, until: T0 + 3_600_000 }, T0);
    expect(reopened.room?.version).toBe(2);
    expect(reopened.queue).toEqual({ version: 2, joined: 0, lastSlotAt: 0 });
  });

  it("estimates how many are admitted before a slot", () => {
    expect(aheadOf(T0 + 2_000, T0, 10)).toBe(20);
    expect(aheadOf(T0 - 5, T0, 10)).toBe(0);
  });
});

describe("waiting-room passes", () => {
  const pass = { unitId: "evt_x", version: 3, position: 7, slotAt: T0 };
  const room = { unitId: "evt_x", version: 3 };

  it("read back what was signed", async () => {
    expect(await readPass(await signPass(pass, SECRET), SECRET)).toEqual(pass);
  });

  it("are refused when forged, altered or signed with another key", async () => {
    const token = await signPass(pass, SECRET);
    const [prefix, payload, mac] = token.split(".");
    const altered = await signPass({ ...pass, position: 1 }, SECRET);
    expect(await readPass(`${prefix}.${altered.split(".")[1]}.${mac}`, SECRET)).toBeNull();
    expect(await readPass(`${prefix}.${payload}.${mac}x`, SECRET)).toBeNull();
    expect(await readPass(token, `${SECRET}-other`)).toBeNull();
    expect(await readPass("wr1.bm90IGpzb24.AAAA", SECRET)).toBeNull();
    expect(await readPass("", SECRET)).toBeNull();
  });

  it("admit one hold from their slot for the admission window, for their own unit and room only", () => {
    expect(judgePass(pass, room, T0).ok).toBe(true);
    const early = judgePass(pass, room, T0 - 1);
    expect(early.ok || early.error).toEqual({
      code: "WAITING_ROOM_NOT_YET",
      detail: "Your turn in the waiting room has not come yet.",
      extra: { position: 7, ready_at: new Date(T0).toISOString() },
    });
    const late = judgePass(pass, room, T0 + WAITING_ROOM_POLICY.admissionWindowSeconds * 1000 + 1);
    expect(late.ok || late.error.code).toBe("WAITING_ROOM_PASS_EXPIRED");
    for (const other of [
      { ...room, unitId: "evt_y" },
      { ...room, version: 4 },
    ]) {
      const refused = judgePass(pass, other, T0);
      expect(refused.ok || refused.error.code).toBe("WAITING_ROOM_PASS_INVALID");
    }
    const none = judgePass(null, room, T0);
    expect(none.ok || none.error.code).toBe("WAITING_ROOM_PASS_INVALID");
  });

  it("are signed with the published development key only in development and tests", () => {
    expect(waitingRoomSecret({ ENVIRONMENT: "production" })).toBeNull();
    expect(waitingRoomSecret({ ENVIRONMENT: "production", WAITING_ROOM_SECRET: "short" })).toBeNull();
    expect(waitingRoomSecret({ ENVIRONMENT: "production", WAITING_ROOM_SECRET: SECRET })).toBe(SECRET);
    expect(waitingRoomSecret({ ENVIRONMENT: "test" })).not.toBeNull();
  });
});
