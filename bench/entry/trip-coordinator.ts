import type { AppEnv } from "../../src/env";
import type { TripStore } from "../../src/trips/contract";
import { TripCoordinator } from "../../workers/trip-coordinator";
import { benchEnv } from "./env";
import { countForIsolate } from "./metering";

/**
 * The production trip coordinator with its env wrapped like the Worker's, so that its calls to the
 * units' inventory objects are counted (`do_calls:INVENTORY`), and with its storage counted as a
 * SQLite-backed object's KV API is billed: a read is a row read, a put a row written. Setting or
 * deleting the alarm is counted as a row written too (the alarm lives in the object's storage).
 * Exported by the benchmark's entry under the production class name, so wrangler.toml binds it.
 */
export class BenchTripCoordinator extends TripCoordinator {
  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, benchEnv(env));
    // The coordinator reads deps.store on every verb, so replacing it here meters all of them.
    this.deps.store = meteredStore(this.deps.store);
  }
}

function rows(kind: "read" | "written", n = 1): void {
  countForIsolate(`do_rows_${kind}`, n);
  countForIsolate(`do_rows_${kind}:TRIPS`, n);
}

function meteredStore(store: TripStore): TripStore {
  return {
    load: () => {
      rows("read");
      return store.load();
    },
    save: (trip) => {
      rows("written");
      return store.save(trip);
    },
    setAlarm: (at) => {
      rows("written");
      return store.setAlarm(at);
    },
    clear: () => {
      rows("written", 2);
      return store.clear();
    },
  };
}
