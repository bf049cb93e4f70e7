import { err, ok, type Result } from "../lib/result";
import type { TripRpc } from "./contract";
import type { TripItemRequest, TripView } from "./model";
import { checkTripItems } from "./rules";
import { isTripId, newTripId, tripIdForKey } from "./trip-id";

export interface TripsDeps {
  /** The trip's coordinator (tripStub in production). */
  coordinator: (tripId: string) => TripRpc;
}

export interface CreateTripRequest {
  items: TripItemRequest[];
  /** When the client sent an Idempotency-Key: who sent it and the key (the trip id is derived from them). */
  idempotency?: { scope: string; key: string };
}

/** Checked before any object wakes: a trip that cannot be held creates no storage anywhere. */
export async function createTrip({
  deps,
  input,
}: {
  deps: TripsDeps;
  input: CreateTripRequest;
}): Promise<Result<TripView>> {
  const checked = checkTripItems(input.items);
  if (!checked.ok) return checked;
  const tripId = input.idempotency ? await tripIdForKey(input.idempotency.scope, input.idempotency.key) : newTripId();
  return deps.coordinator(tripId).create({ tripId, items: input.items });
}

export async function getTrip({
  deps,
  input,
}: {
  deps: TripsDeps;
  input: { tripId: string };
}): Promise<Result<TripView>> {
  if (!isTripId(input.tripId)) return tripNotFound(input.tripId);
  const trip = await deps.coordinator(input.tripId).get();
  return trip ? ok(trip) : tripNotFound(input.tripId);
}

/** Idempotent: an ended trip answers as it is. */
export async function releaseTrip({
  deps,
  input,
}: {
  deps: TripsDeps;
  input: { tripId: string };
}): Promise<Result<TripView>> {
  if (!isTripId(input.tripId)) return tripNotFound(input.tripId);
  const released = await deps.coordinator(input.tripId).release();
  return !released.ok && released.error.code === "TRIP_NOT_FOUND" ? tripNotFound(input.tripId) : released;
}

function tripNotFound(tripId: string) {
  return err("TRIP_NOT_FOUND", `No trip ${tripId}.`);
}
