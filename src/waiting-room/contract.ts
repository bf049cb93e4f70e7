import type { Result } from "../lib/result";
import type { QueueState, Slot, WaitingRoomConfig } from "./room";

/** The one object per unit that hands out places in line (workers/waiting-room-object.ts). */
export interface WaitingRoomRpc {
  /** Opens the room, or changes an open room's rate and end (its line and passes stay valid). */
  open(
    unitId: string,
    settings: { ratePerSecond: number; until: number },
    now: number,
  ): Promise<{ room: WaitingRoomConfig; queue: QueueState }>;
  close(now: number): Promise<{ room: null; queue: QueueState }>;
  join(now: number): Promise<Result<{ slot: Slot; room: WaitingRoomConfig }>>;
  describe(now: number): Promise<{ room: WaitingRoomConfig | null; queue: QueueState }>;
}
