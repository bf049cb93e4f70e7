import { DurableObject } from "cloudflare:workers";
import type { AppEnv } from "../src/env";
import type {
  FareAvailability,
  HoldView,
  InventoryAudit,
  InventoryRpc,
  LedgerEntry,
  OperatorChange,
  PlaceHoldInput,
  StrandedBooking,
} from "../src/inventory/contract";
import { loadDeparture, publishAvailability } from "../src/inventory/d1-sync";
import { applyOperatorChanges, initialise } from "../src/inventory/operator";
import { HOLD_POLICY } from "../src/inventory/policy";
import { AvailabilityPublisher } from "../src/inventory/publisher";
import { audit, availability, strandedBookings } from "../src/inventory/reports";
import type { DepartureMeta } from "../src/inventory/rows";
import { SeatBook } from "../src/inventory/seat-book";
import { InventoryStore } from "../src/inventory/store";
import { transact } from "../src/inventory/transact";
import { type Clock, systemClock } from "../src/lib/clock";
import { jsonLogger, type Logger } from "../src/lib/logger";
import { err, ok, type Result } from "../src/lib/result";

/**
 * One object per departure (named by the departure id) owns that departure's seats. The rules
 * live in src/inventory; this class loads the departure once, runs each verb in one transaction,
 * keeps one alarm at the earliest hold deadline and publishes availability to D1.
 */
export class DepartureInventory extends DurableObject<AppEnv> implements InventoryRpc {
  /** Everything time-dependent reads this; tests replace it to move time. */
  clock: Clock = systemClock;
  readonly publisher: AvailabilityPublisher;
  private readonly store: InventoryStore;
  private readonly log: Logger;
  /** The alarm time last set: skips redundant setAlarm calls. Undefined until first set in this life. */
  private armedFor: number | null | undefined;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.store = new InventoryStore(ctx.storage.sql);
    this.log = jsonLogger({ component: "departure_inventory", departure_id: ctx.id.name ?? null });
    this.publisher = new AvailabilityPublisher(() => this.publish(), this.log);
    void ctx.blockConcurrencyWhile(async () => this.store.migrate());
  }

  placeHold(input: PlaceHoldInput): Promise<Result<HoldView>> {
    return this.run(input.departureId, (book, now) => book.placeHold(input, now));
  }

  extendHold(holdId: string, ttlSeconds: number): Promise<Result<HoldView>> {
    return this.run(undefined, (book, now) => book.extendHold(holdId, ttlSeconds, now));
  }

  releaseHold(holdId: string, reason: string): Promise<Result<HoldView>> {
    return this.run(undefined, (book, now) => book.releaseHold(holdId, reason, now));
  }

  confirmHold(holdId: string, bookingId: string): Promise<Result<HoldView>> {
    return this.run(undefined, (book, now) => book.confirmHold(holdId, bookingId, now));
  }

  cancelBooking(holdId: string, reason: string): Promise<Result<HoldView>> {
    return this.run(undefined, (book, now) => book.cancelBooking(holdId, reason, now));
  }

  applyOperatorChange(change: OperatorChange): Promise<Result<FareAvailability[]>> {
    return this.applyOperatorChanges([change]);
  }

  applyOperatorChanges(changes: OperatorChange[]): Promise<Result<FareAvailability[]>> {
    return this.run(undefined, (book, now, meta) => {
      const applied = applyOperatorChanges(this.store, book, meta, changes, now);
      return applied.ok ? ok(availability(this.store, meta, now)) : applied;
    });
  }

  async getHold(holdId: string): Promise<HoldView | null> {
    const found = await this.run(undefined, (book) => {
      const hold = this.store.hold(holdId);
      return hold ? ok(book.view(hold)) : err("HOLD_NOT_FOUND", holdId);
    });
    return found.ok ? found.value : null;
  }

  async availability(): Promise<FareAvailability[]> {
    const rows = await this.run(undefined, (_book, now, meta) => ok(availability(this.store, meta, now)));
    return rows.ok ? rows.value : [];
  }

  async ledger(afterSeq = 0, limit: number = HOLD_POLICY.ledgerPageSize): Promise<LedgerEntry[]> {
    if ((await this.ready()).ok === false) return [];
    const size = Math.min(Math.max(1, Math.floor(limit)), HOLD_POLICY.ledgerMaxPageSize);
    return this.store.ledger(Math.max(0, Math.floor(afterSeq)), size);
  }

  async strandedBookings(): Promise<StrandedBooking[]> {
    const meta = await this.ready();
    return meta.ok ? strandedBookings(this.store, meta.value) : [];
  }

  async audit(): Promise<InventoryAudit> {
    await this.ready();
    return audit(this.store);
  }

  /** Expires every due hold, then re-arms for the next deadline: no polling. */
  override async alarm(): Promise<void> {
    const meta = this.store.meta();
    this.armedFor = null;
    if (meta) {
      const now = this.clock.now();
      const expired = transact(this.ctx.storage, () => ok(new SeatBook(this.store, meta).expireDue(now)));
      if (expired.ok && expired.value > 0) this.publishSoon();
    }
    await this.rearm();
  }

  /**
   * Every call, read or write, first expires the holds whose deadline passed (the alarm may be
   * late), then runs its verb. No-oversell argument: between reading a fare class's counts and
   * writing the new ones nothing is awaited; both happen inside one synchronous transactionSync.
   * The object's input gate delivers no other call while code runs synchronously, so two holds
   * can never both see the same last seat. Only after the transaction do we await (alarm, publish).
   */
  private async run<T>(
    departureHint: string | undefined,
    verb: (book: SeatBook, now: number, meta: DepartureMeta) => Result<T>,
  ): Promise<Result<T>> {
    const ready = await this.ready(departureHint);
    if (!ready.ok) return ready;
    const meta = ready.value;
    const now = this.clock.now();
    const book = new SeatBook(this.store, meta);
    const before = this.store.lastSeq();
    if (this.mayHaveDueHolds(now)) transact(this.ctx.storage, () => ok(book.expireDue(now)));
    const result = transact(this.ctx.storage, () => verb(book, now, meta));
    if (this.store.lastSeq() !== before) {
      this.publishSoon();
      await this.rearm();
    }
    return result;
  }

  /** The departure this object serves, loaded from D1 on first use. */
  private async ready(departureHint?: string): Promise<Result<DepartureMeta>> {
    const meta = this.store.meta();
    if (meta) return ok(meta);
    // idFromName ids carry their name (ctx.id.name); the hint covers runtimes that do not.
    const departureId = this.ctx.id.name ?? departureHint;
    if (!departureId) return err("DEPARTURE_NOT_FOUND", "This inventory object has no departure.");
    return this.ctx.blockConcurrencyWhile(() => this.initialise(departureId));
  }

  private async initialise(departureId: string): Promise<Result<DepartureMeta>> {
    const existing = this.store.meta();
    if (existing) return ok(existing);
    try {
      const loaded = await loadDeparture(this.env.DB, departureId);
      if (!loaded) return err("DEPARTURE_NOT_FOUND", `Departure ${departureId} does not exist.`);
      transact(this.ctx.storage, () => ok(initialise(this.store, loaded.meta, loaded.fares, this.clock.now())));
      return ok(loaded.meta);
    } catch (error) {
      // Thrown out of blockConcurrencyWhile, this would reset the object; a value lets the caller retry.
      this.log.error("inventory_load_failed", { departure_id: departureId, error: String(error) });
      return err("ORIGIN_UNAVAILABLE", "Could not load the departure's seats. Try again shortly.");
    }
  }

  /**
   * `armedFor` is the earliest deadline of a held hold, kept by rearm() after every change this
   * instance made; before the first change (a fresh instance) it is unknown and we look.
   */
  private mayHaveDueHolds(now: number): boolean {
    return this.armedFor === undefined || (this.armedFor !== null && now >= this.armedFor);
  }

  private async rearm(): Promise<void> {
    const next = this.store.nextExpiry();
    if (next === this.armedFor) return;
    // Recorded before awaiting, so a call that runs meanwhile compares against what it will find.
    this.armedFor = next;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }

  private publishSoon(): void {
    this.ctx.waitUntil(this.publisher.request());
  }

  private async publish(): Promise<void> {
    const meta = this.store.meta();
    if (!meta) return;
    const now = this.clock.now();
    await publishAvailability(this.env.DB, meta.departureId, availability(this.store, meta, now), now);
  }
}
