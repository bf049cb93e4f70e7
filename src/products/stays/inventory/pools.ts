/**
 * A stays pool is one room type on one night: `rt_abc@2026-12-05` (docs/stays.md). The property's
 * inventory object holds every night of a stay in one transaction, one line per night.
 */
const POOL = /^(rt_[A-Za-z0-9_-]{1,50})@(\d{4}-\d{2}-\d{2})$/;

/** Every room type id: rt_ and at most 50 more, so a pool name stays within the engine's 64 characters. */
export const ROOM_TYPE_ID = /^rt_[A-Za-z0-9_-]{1,50}$/;

export function poolName(roomTypeId: string, night: string): string {
  return `${roomTypeId}@${night}`;
}

export function parsePool(pool: string): { roomTypeId: string; night: string } | null {
  const match = POOL.exec(pool);
  return match?.[1] && match[2] ? { roomTypeId: match[1], night: match[2] } : null;
}
