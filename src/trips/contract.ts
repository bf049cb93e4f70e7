import type { HoldView, InventoryRpc } from "../inventory/contract";
import type { Clock } from "../lib/clock";
import type { Result } from "../lib/result";
import type { TripItemRequest, TripRecord, TripView } from "./model";

/** The trip coordinator's RPC surface (workers/trip-coordinator.ts; one object per trip, named by its id). */
export interface TripRpc {
  /** Idempotent by trip id: the same items again answer the trip as it is (or finish a crashed create). */
  create(input: CreateTripInput): Promise<Result<TripView>>;
  get(): Promise<TripView | null>;
  /** Idempotent: an ended trip answers as it is; a booked one is TRIP_STATE_CONFLICT. */
  release(): Promise<Result<TripView>>;
  /** The trip's holds now belong to this booking: the coordinator no longer releases them. */
  markBooked(bookingId: string): Promise<Result<TripView>>;
}

export interface CreateTripInput {
  tripId: string;
  items: TripItemRequest[];
}

/** The coordinator's storage: one record and one alarm (Durable Object storage in production). */
export interface TripStore {
  load(): Promise<TripRecord | null>;
  save(trip: TripRecord): Promise<void>;
  setAlarm(at: number): Promise<void>;
  /** Deletes the record and the alarm. */
  clear(): Promise<void>;
}

export type FaultPoint = "before_place" | "after_place" | "before_release" | "after_release";

/**
 * Tests only: called at each step boundary with the item's index. A throw there is a crash: the
 * call stops with what was stored so far, and only the alarm can finish the trip.
 */
export interface TripFaults {
  at(point: FaultPoint, index: number): void;
}

export interface CoordinatorDeps {
  inventory(unitId: string): Pick<InventoryRpc, "placeHold" | "releaseHold" | "getHold">;
  store: TripStore;
  clock: Clock;
  /** Absent in production; set by tests through the object (test/trips-coordinator.test.ts). */
  faults?: TripFaults;
}

export type PlaceOutcome = Result<HoldView>;
