import { err, ok, type Result } from "../lib/result";
import { joinPath, judgePass, readPass } from "./pass";
import type { WaitingRoomConfig } from "./room";

export interface GateDeps {
  now: () => number;
  /** The unit's open room as the edge knows it (edgeRoom), or null. */
  room: (unitId: string) => Promise<WaitingRoomConfig | null>;
  secret: string | null;
}

/** What a hold admitted through a room carries: one hold per pass, whatever the client retries. */
export interface Admission {
  idempotency?: { scope: string; key: string };
}

/**
 * Before a hold reaches a unit's object: a unit with an open room takes holds only with a pass
 * whose slot has come. The pass is the hold's idempotency key, so a pass admits one hold, and a
 * retried request answers that same hold instead of taking more.
 */
export async function admitHold(
  deps: GateDeps,
  unitId: string,
  passToken: string | undefined,
): Promise<Result<Admission>> {
  const room = await deps.room(unitId);
  if (!room) return ok({});
  if (!passToken) {
    return err("WAITING_ROOM_REQUIRED", `${unitId} is selling through a waiting room: join the line for a pass.`, {
      join: joinPath(unitId),
    });
  }
  const pass = deps.secret ? await readPass(passToken, deps.secret) : null;
  const judged = judgePass(pass, room, deps.now());
  if (!judged.ok) return judged;
  return ok({ idempotency: { scope: `waiting-room:${room.version}`, key: String(judged.value.position) } });
}
