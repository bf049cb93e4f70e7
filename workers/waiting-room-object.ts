import { DurableObject } from "cloudflare:workers";
import type { AppEnv } from "../src/env";
import { ok, type Result } from "../src/lib/result";
import type { WaitingRoomRpc } from "../src/waiting-room/contract";
import { emptyRecord, isOpen, joinRoom, openRoom, type RoomRecord } from "../src/waiting-room/queue";
import type { QueueState, Slot, WaitingRoomConfig } from "../src/waiting-room/room";

const KEY = "room";

/**
 * One per unit under an on-sale: the only place a global order of arrival exists. A join is a
 * memory update and one coalesced storage write, so the line sustains far more joins per second
 * than the inventory object sustains holds; everything after the join (status, admission) is
 * checked at the edge from the signed pass.
 */
export class WaitingRoomObject extends DurableObject<AppEnv> implements WaitingRoomRpc {
  private record: RoomRecord = emptyRecord();

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      this.record = (await ctx.storage.get<RoomRecord>(KEY)) ?? emptyRecord();
    });
  }

  async open(
    unitId: string,
    settings: { ratePerSecond: number; until: number },
    now: number,
  ): Promise<{ room: WaitingRoomConfig; queue: QueueState }> {
    this.save(openRoom(this.record, unitId, settings, now));
    return { room: this.record.room as WaitingRoomConfig, queue: this.record.queue };
  }

  async close(_now: number): Promise<{ room: null; queue: QueueState }> {
    this.save({ ...this.record, room: null });
    return { room: null, queue: this.record.queue };
  }

  async join(now: number): Promise<Result<{ slot: Slot; room: WaitingRoomConfig }>> {
    const joined = joinRoom(this.record, now);
    if (!joined.ok) return joined;
    this.save(joined.value.next);
    return ok({ slot: joined.value.slot, room: joined.value.room });
  }

  async describe(now: number): Promise<{ room: WaitingRoomConfig | null; queue: QueueState }> {
    return { room: isOpen(this.record.room, now) ? this.record.room : null, queue: this.record.queue };
  }

  /** The answer waits for the write (output gate), so a place handed out is never forgotten. */
  private save(record: RoomRecord): void {
    this.record = record;
    void this.ctx.storage.put(KEY, record);
  }
}
