import type { AppEnv } from "../env";
import type { TripRpc } from "./contract";

/** The one way to reach a trip's coordinator: one object per trip, named by its id. */
export function tripStub(env: Pick<AppEnv, "TRIPS">, tripId: string): TripRpc {
  return env.TRIPS.getByName(tripId);
}
