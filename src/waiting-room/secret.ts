/** Signs passes in development and tests only (as the published ticket key does). */
const DEV_SECRET = "edgefare-development-waiting-room-secret";
const DEV_ENVIRONMENTS = new Set(["development", "test"]);

/** The key passes are signed with, or null: rooms cannot open without one in production. */
export function waitingRoomSecret(env: { WAITING_ROOM_SECRET?: string; ENVIRONMENT?: string }): string | null {
  if (env.WAITING_ROOM_SECRET && env.WAITING_ROOM_SECRET.length >= 32) return env.WAITING_ROOM_SECRET;
  return DEV_ENVIRONMENTS.has(env.ENVIRONMENT ?? "") ? DEV_SECRET : null;
}
