import { err, ok, type Result } from "../lib/result";
import type { CoordinatorDeps, CreateTripInput, FaultPoint } from "./contract";
import { TRIP_POLICY, type TripEnd, type TripItem, type TripRecord, type TripView, tripView } from "./model";
import { byUnitId, checkTripItems, tripFingerprint } from "./rules";
import { placeItem, readItem, releaseItem } from "./steps";
import { tripItemHoldId } from "./trip-id";

const ENDED = new Set(["released", "refused", "expired", "booked"]);

/** A refused trip's id was never given to anyone: it is kept only as long as a retry of its create may come. */
const retention = (status: string): number =>
  status === "refused" ? TRIP_POLICY.retainRefusedMs : TRIP_POLICY.retainMs;

/**
 * All or nothing over several inventory objects. Items are placed one after the other in unit-id
 * order; the first refusal releases what was placed. Every step is stored before the call it
 * announces (intent → placed → released), and an alarm is always set for the next thing to do,
 * so whatever a crash interrupts, the alarm finishes: a create that never completed is released,
 * a release that could not reach an object is tried again, a held trip is released at its expiry.
 *
 * One instance runs one verb at a time (`serial`): a create, a release and the alarm never
 * interleave their steps, even while a call to an object is awaited.
 */
export class TripCoordinator {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly deps: CoordinatorDeps) {}

  create(input: CreateTripInput): Promise<Result<TripView>> {
    return this.serial(async () => {
      const fingerprint = tripFingerprint(input.items);
      const stored = await this.deps.store.load();
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          return err("IDEMPOTENCY_KEY_REUSED", `Trip ${input.tripId} was created with other items.`);
        }
        // A create interrupted by a crash (the alarm has not run yet) is finished, not restarted.
        return this.answer(stored.status === "placing" ? await this.place(stored) : stored);
      }
      const checked = checkTripItems(input.items);
      if (!checked.ok) return checked;
      return this.answer(await this.place(await this.start(input, fingerprint)));
    });
  }

  /**
   * The trip with each hold as its object has it now (held and booked trips: one call per item, in
   * parallel; an ended trip's record is final). A held trip one of whose holds ended through another
   * path (released by its own id, expired on its object, its unit cancelled) can no longer be booked
   * whole: it ends here and gives the other holds back, as its alarm would at its expiry.
   */
  get(): Promise<TripView | null> {
    return this.serial(async () => {
      const stored = await this.deps.store.load();
      if (!stored) return null;
      if (stored.status !== "held" && stored.status !== "booked") return tripView(stored);
      const trip = await this.withLiveHolds(stored);
      // The alarm may run a little late; the trip is over at its expiry whatever it says.
      if (trip.status === "held" && trip.expiresAt !== null && this.now() >= trip.expiresAt) {
        return { ...tripView(trip), status: "expired" };
      }
      const lost = trip.status === "held" ? trip.items.filter((i) => i.hold && i.hold.status !== "held") : [];
      if (lost.length === 0) return tripView(trip);
      const ending = lost.some((i) => i.hold?.status === "expired") ? "expired" : "released";
      return tripView(await this.releaseAll(trip, ending));
    });
  }

  release(): Promise<Result<TripView>> {
    return this.serial(async () => {
      const trip = await this.deps.store.load();
      if (!trip) return err("TRIP_NOT_FOUND", "No such trip.");
      if (trip.status === "booked") {
        return err("TRIP_STATE_CONFLICT", `Trip ${trip.tripId} is booked: cancel the booking instead.`, {
          booking_id: trip.bookingId,
        });
      }
      if (ENDED.has(trip.status)) return ok(tripView(trip));
      return ok(tripView(await this.releaseAll(trip, trip.ending ?? "released")));
    });
  }

  markBooked(bookingId: string): Promise<Result<TripView>> {
    return this.serial(async () => {
      const trip = await this.deps.store.load();
      if (!trip) return err("TRIP_NOT_FOUND", "No such trip.");
      if (trip.status === "booked" && trip.bookingId === bookingId) return ok(tripView(trip));
      // Past expires_at but not yet released by the alarm: a booking made of these holds owns them now
      // (their objects expire them if payment is too late), so the trip must not release them after all.
      if (trip.status === "expired") return err("TRIP_EXPIRED", `Trip ${trip.tripId} expired before it was booked.`);
      if (trip.status !== "held") {
        return err("TRIP_STATE_CONFLICT", `Trip ${trip.tripId} is ${trip.status}, not held.`, {
          trip_status: trip.status,
        });
      }
      const booked: TripRecord = { ...trip, status: "booked", bookingId, endedAt: this.now() };
      await this.deps.store.save(booked);
      await this.deps.store.setAlarm(this.now() + TRIP_POLICY.retainMs);
      return ok(tripView(booked));
    });
  }

  /** What is left to do: finish a crashed create or release, expire a held trip, forget an ended one. */
  alarm(): Promise<void> {
    return this.serial(async () => {
      const trip = await this.deps.store.load();
      if (!trip) return;
      const now = this.now();
      if (trip.status === "placing") await this.releaseAll(trip, "released");
      else if (trip.status === "releasing") await this.releaseAll(trip, trip.ending ?? "released");
      else if (trip.status === "held") {
        const at = trip.expiresAt ?? now;
        if (now >= at) await this.releaseAll(trip, "expired");
        else await this.deps.store.setAlarm(at);
      } else {
        const forgetAt = (trip.endedAt ?? now) + retention(trip.status);
        if (now >= forgetAt) await this.deps.store.clear();
        else await this.deps.store.setAlarm(forgetAt);
      }
    });
  }

  /** Each placed item's hold as its object has it now; the one last seen where the object cannot answer. */
  private async withLiveHolds(trip: TripRecord): Promise<TripRecord> {
    const items = await Promise.all(
      trip.items.map(async (item) => {
        if (item.step !== "placed") return item;
        const hold = await readItem(this.deps, item);
        return hold ? { ...item, hold } : item;
      }),
    );
    return { ...trip, items };
  }

  private async start(input: CreateTripInput, fingerprint: string): Promise<TripRecord> {
    const items: TripItem[] = await Promise.all(
      input.items.map(async (item, index) => ({
        ...item,
        index,
        holdId: await tripItemHoldId(input.tripId, index, item),
        step: "pending" as const,
        hold: null,
      })),
    );
    const now = this.now();
    const trip: TripRecord = {
      tripId: input.tripId,
      fingerprint,
      status: "placing",
      ending: null,
      items: items.sort(byUnitId),
      createdAt: now,
      expiresAt: null,
      refusal: null,
      bookingId: null,
      endedAt: null,
    };
    await this.deps.store.save(trip);
    // Set before the first call to an object: if this create never finishes, the alarm releases it.
    await this.deps.store.setAlarm(now + TRIP_POLICY.recoverAfterMs);
    return trip;
  }

  /** Places the items not placed yet, in order; stops at the first refusal and releases. */
  private async place(trip: TripRecord): Promise<TripRecord> {
    for (const item of trip.items) {
      if (item.step === "placed") continue;
      item.step = "intent";
      await this.deps.store.save(trip);
      this.fault("before_place", item.index);
      const placed = await placeItem(this.deps, item);
      this.fault("after_place", item.index);
      if (!placed.ok) {
        // Refused by the object: nothing was placed. Unreachable: it may have been, so it is released too.
        if (placed.error.code !== "ORIGIN_UNAVAILABLE") item.step = "refused";
        return this.releaseAll({ ...trip, refusal: { index: item.index, error: placed.error } }, "refused");
      }
      item.step = "placed";
      item.hold = placed.value;
      await this.deps.store.save(trip);
    }
    const currencies = new Set(trip.items.map((i) => i.hold?.currency));
    if (currencies.size > 1) {
      const detail = `The items are sold in ${[...currencies].sort().join(" and ")}; a trip is paid in one currency.`;
      const refusal = { index: null, error: { code: "TRIP_CURRENCY_MISMATCH" as const, detail } };
      return this.releaseAll({ ...trip, refusal }, "refused");
    }
    const expiresAt = Math.min(...trip.items.map((i) => i.hold?.expiresAt ?? Number.POSITIVE_INFINITY));
    const held: TripRecord = { ...trip, status: "held", expiresAt };
    await this.deps.store.save(held);
    await this.deps.store.setAlarm(expiresAt);
    return held;
  }

  /**
   * Gives back every hold the trip may have (placed, or announced and perhaps placed). One that
   * cannot be reached leaves the trip `releasing`, and the alarm tries again.
   */
  private async releaseAll(trip: TripRecord, ending: TripEnd): Promise<TripRecord> {
    const releasing: TripRecord = { ...trip, status: "releasing", ending };
    await this.deps.store.save(releasing);
    let unreachable = 0;
    for (const item of releasing.items) {
      if (item.step !== "intent" && item.step !== "placed") continue;
      this.fault("before_release", item.index);
      const released = await releaseItem(this.deps, item, `trip ${trip.tripId} ${ending}`);
      if (!released.ok) {
        unreachable += 1;
        continue;
      }
      item.step = "released";
      if (released.value) item.hold = released.value;
      await this.deps.store.save(releasing);
      this.fault("after_release", item.index);
    }
    const now = this.now();
    if (unreachable > 0) {
      await this.deps.store.setAlarm(now + TRIP_POLICY.retryReleaseMs);
      return releasing;
    }
    const ended: TripRecord = { ...releasing, status: ending, ending: null, endedAt: now };
    await this.deps.store.save(ended);
    await this.deps.store.setAlarm(now + retention(ending));
    return ended;
  }

  /** What a create answers: the held (or booked) trip, or why it holds nothing. */
  private answer(trip: TripRecord): Result<TripView> {
    if (trip.status === "held" || trip.status === "booked") return ok(tripView(trip));
    if (trip.status === "expired") return err("TRIP_EXPIRED", `Trip ${trip.tripId} expired; create a new trip.`);
    // A refused trip whose release is still being retried (an object was unreachable) is refused all the same.
    const refused = trip.status === "refused" || (trip.status === "releasing" && trip.ending === "refused");
    if (!refused || !trip.refusal) {
      // Released by its client, or by the alarm after a create that never finished (a crash).
      return err("TRIP_STATE_CONFLICT", `Trip ${trip.tripId} is ${trip.status}; create a new trip.`, {
        trip_status: trip.status,
      });
    }
    const { index, error } = trip.refusal;
    if (index === null) return { ok: false, error };
    const unitId = trip.items.find((i) => i.index === index)?.unitId ?? null;
    return err("TRIP_ITEM_REFUSED", `Item ${index} could not be held: ${error.detail} Nothing is held.`, {
      item: index,
      unit_id: unitId,
      problem: error,
    });
  }

  private fault(point: FaultPoint, index: number): void {
    this.deps.faults?.at(point, index);
  }

  private now(): number {
    return this.deps.clock.now();
  }

  private serial<T>(verb: () => Promise<T>): Promise<T> {
    const run = this.queue.then(verb, verb);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
