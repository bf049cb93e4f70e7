import type { IsolateState } from "../api/isolate-state";
import { ProblemError } from "../api/problem";
import type { Services } from "../api/services";
import { edgeRoom } from "../waiting-room/edge-rooms";
import { type Admission, admitHold } from "../waiting-room/gate";
import { waitingRoomSecret } from "../waiting-room/secret";

/**
 * A unit selling through a waiting room takes holds only with a pass whose turn has come, whether
 * the hold comes from POST /v1/holds or from a trip's item. Otherwise the gate's problem, with
 * Retry-After when the turn is still to come (and `extra` added, e.g. a trip's item index).
 */
export async function admitToUnit(
  services: Services,
  isolate: IsolateState,
  unitId: string,
  pass: string | undefined,
  extra: Record<string, unknown> = {},
): Promise<Admission> {
  const now = () => services.clock.now();
  const deps = {
    now,
    room: (unit: string) => edgeRoom(isolate.waitingRooms, services.env.ROUTE_CACHE, unit, now()),
    secret: waitingRoomSecret(services.env),
  };
  const admitted = await admitHold(deps, unitId, pass);
  if (admitted.ok) return admitted.value;
  const readyAt = admitted.error.extra?.ready_at;
  const wait = typeof readyAt === "string" ? Math.max(1, Math.ceil((Date.parse(readyAt) - now()) / 1000)) : null;
  const error = { ...admitted.error, extra: { ...admitted.error.extra, ...extra } };
  throw new ProblemError(error, wait ? { "Retry-After": String(wait) } : {});
}
