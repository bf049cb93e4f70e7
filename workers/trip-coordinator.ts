import { DurableObject } from "cloudflare:workers";
import type { AppEnv } from "../src/env";
import { inventoryStub } from "../src/inventory/stub";
import { systemClock } from "../src/lib/clock";
import type { Result } from "../src/lib/result";
import type { CoordinatorDeps, CreateTripInput, TripRpc, TripStore } from "../src/trips/contract";
import { TripCoordinator as Coordinator } from "../src/trips/coordinator";
import type { TripRecord, TripView } from "../src/trips/model";

const RECORD = "trip";

/**
 * One object per trip (named by its `trp_…` id): places and releases the trip's holds on the
 * units' InventoryObjects, all or nothing (src/trips/coordinator.ts). Storage is written only by
 * create; an id nobody created answers null without writing.
 */
export class TripCoordinator extends DurableObject<AppEnv> implements TripRpc {
  /** Tests replace `clock` and set `faults` here (test/trips-coordinator.test.ts). */
  readonly deps: CoordinatorDeps;
  private readonly coordinator: Coordinator;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.deps = {
      inventory: (unitId) => inventoryStub(env, unitId),
      store: durableStore(ctx.storage),
      clock: systemClock,
    };
    this.coordinator = new Coordinator(this.deps);
  }

  create(input: CreateTripInput): Promise<Result<TripView>> {
    return this.coordinator.create(input);
  }

  get(): Promise<TripView | null> {
    return this.coordinator.get();
  }

  release(): Promise<Result<TripView>> {
    return this.coordinator.release();
  }

  markBooked(bookingId: string): Promise<Result<TripView>> {
    return this.coordinator.markBooked(bookingId);
  }

  override alarm(): Promise<void> {
    return this.coordinator.alarm();
  }
}

/**
 * The record under one key. A write is durable before any later call leaves the object (the
 * output gate holds outgoing messages until it is), which is what "stored before the call" needs.
 */
function durableStore(storage: DurableObjectStorage): TripStore {
  return {
    load: async () => (await storage.get<TripRecord>(RECORD)) ?? null,
    save: (trip) => storage.put(RECORD, trip),
    setAlarm: (at) => storage.setAlarm(at),
    clear: async () => {
      await storage.deleteAlarm();
      await storage.deleteAll();
    },
  };
}
