import { err, ok, type Result } from "../lib/result";
import { assignSlot, type QueueState, type Slot, WAITING_ROOM_POLICY, type WaitingRoomConfig } from "./room";

/** A room's whole state as its object stores it. */
export interface RoomRecord {
  room: WaitingRoomConfig | null;
  queue: QueueState;
}

export const emptyRecord = (): RoomRecord => ({ room: null, queue: { version: 0, joined: 0, lastSlotAt: 0 } });

export const isOpen = (room: WaitingRoomConfig | null, now: number): room is WaitingRoomConfig =>
  room !== null && now < room.until;

/** Opening a closed room starts a new line (a new version); an open one keeps its line. */
export function openRoom(
  record: RoomRecord,
  unitId: string,
  settings: { ratePerSecond: number; until: number },
  now: number,
): RoomRecord {
  if (isOpen(record.room, now)) return { ...record, room: { ...record.room, ...settings } };
  const version = record.queue.version + 1;
  return { room: { unitId, ...settings, version }, queue: { version, joined: 0, lastSlotAt: 0 } };
}

export function joinRoom(
  record: RoomRecord,
  now: number,
): Result<{ slot: Slot; room: WaitingRoomConfig; next: RoomRecord }> {
  const { room } = record;
  if (!isOpen(room, now)) return err("WAITING_ROOM_NOT_FOUND", "This unit has no open waiting room: hold directly.");
  const { slot, next } = assignSlot(record.queue, now, room.ratePerSecond);
  if (slot.slotAt - now > WAITING_ROOM_POLICY.maxWaitSeconds * 1000) {
    return err(
      "WAITING_ROOM_FULL",
      `The line is longer than ${WAITING_ROOM_POLICY.maxWaitSeconds / 3600} hours: try again later.`,
      {
        max_wait_s: WAITING_ROOM_POLICY.maxWaitSeconds,
      },
    );
  }
  return ok({ slot, room, next: { room, queue: next } });
}
