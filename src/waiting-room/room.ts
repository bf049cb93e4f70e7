/**
 * A waiting room in front of one unit's inventory object for an on-sale: holds are admitted at
 * the rate the object sustains, first come first admitted, instead of the object being flooded.
 * docs/waiting-room.md explains the design and its limits.
 */
export interface WaitingRoomConfig {
  unitId: string;
  /** Holds per second the room admits: what one object sustains (BENCHMARKS.md), with margin. */
  ratePerSecond: number;
  /** Epoch ms; from then on holds go straight to the object again. */
  until: number;
  /** Moves every time the room is opened: passes from an earlier room are refused. */
  version: number;
}

export const WAITING_ROOM_POLICY = {
  minRatePerSecond: 1,
  maxRatePerSecond: 1_000,
  maxOpenHours: 72,
  /** A pass admits one hold from its slot until this many seconds after it. */
  admissionWindowSeconds: 120,
  /** The queue refuses joins whose slot would be further away than this (WAITING_ROOM_FULL). */
  maxWaitSeconds: 4 * 3600,
  /** How long an isolate trusts what it read of a unit's room (rooms are opened ahead of a sale). */
  configCacheSeconds: 10,
  /** Units whose room state an isolate remembers at most. */
  configCacheEntries: 2_000,
} as const;

/** The queue's memory: positions handed out so far and the last slot given. */
export interface QueueState {
  version: number;
  joined: number;
  lastSlotAt: number;
}

export interface Slot {
  position: number;
  /** Epoch ms from which the pass admits a hold. */
  slotAt: number;
}

/**
 * The next place in line. Slots are spaced 1/rate apart and never in the past, so a crowd that
 * joins in the same millisecond is admitted over the following seconds in join order, and a room
 * that was idle does not admit a backlog of slots at once.
 */
export function assignSlot(state: QueueState, now: number, ratePerSecond: number): { slot: Slot; next: QueueState } {
  const spacing = 1000 / ratePerSecond;
  const slotAt = Math.ceil(Math.max(now, state.lastSlotAt + spacing));
  const position = state.joined + 1;
  return { slot: { position, slotAt }, next: { version: state.version, joined: position, lastSlotAt: slotAt } };
}

/** Roughly how many travellers are admitted before this slot, for the waiting page. */
export function aheadOf(slotAt: number, now: number, ratePerSecond: number): number {
  return Math.max(0, Math.ceil(((slotAt - now) * ratePerSecond) / 1000));
}
