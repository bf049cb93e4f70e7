import { WAITING_ROOM_POLICY, type WaitingRoomConfig } from "./room";

/**
 * What the edge knows of units' waiting rooms: KV (written when a room opens or closes) behind a
 * short isolate memo, so a hold on a unit without a room costs no object call and, most of the
 * time, no KV read. KV reaches every location within about a minute: open a room before the sale.
 */
export const roomKey = (unitId: string) => `waiting-room:${unitId}`;

export interface RoomMemo {
  entries: Map<string, { room: WaitingRoomConfig | null; readAt: number }>;
}

export const createRoomMemo = (): RoomMemo => ({ entries: new Map() });

export async function edgeRoom(
  memo: RoomMemo,
  kv: KVNamespace,
  unitId: string,
  now: number,
): Promise<WaitingRoomConfig | null> {
  const cached = memo.entries.get(unitId);
  if (cached && now - cached.readAt < WAITING_ROOM_POLICY.configCacheSeconds * 1000) return live(cached.room, now);
  const room = await kv.get<WaitingRoomConfig>(roomKey(unitId), "json");
  if (memo.entries.size >= WAITING_ROOM_POLICY.configCacheEntries) memo.entries.clear();
  memo.entries.set(unitId, { room, readAt: now });
  return live(room, now);
}

const live = (room: WaitingRoomConfig | null, now: number) => (room && now < room.until ? room : null);

/** Written by the operator's route after the room's object accepted it; expires with the room. */
export async function publishRoom(kv: KVNamespace, room: WaitingRoomConfig): Promise<void> {
  const expiration = Math.ceil(room.until / 1000) + 60;
  await kv.put(roomKey(room.unitId), JSON.stringify(room), { expiration });
}

export async function withdrawRoom(kv: KVNamespace, unitId: string): Promise<void> {
  await kv.delete(roomKey(unitId));
}
