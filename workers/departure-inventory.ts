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
import { applyOperatorChanges, initialise } from "../src/inventory/operator";
import { HOLD_POLICY, retirementCheckAt, retirementDue, stillSelling } from "../src/inventory/policy";
import { AvailabilityPublisher } from "../src/inventory/publisher";
import { audit, availability, strandedBookings, unstoredAvailability } from "../src/inventory/reports";
import type { DepartureMeta } from "../src/inventory/rows";
import { notFound, SeatBook } from "../src/inventory/seat-book";
import { InventoryStore } from "../src/inventory/store";
import { transact } from "../src/inventory/transact";
import { type Clock, systemClock } from "../src/lib/clock";
import { jsonLogger, type Logger } from "../src/lib/logger";
import { type DomainError, type Err, err, ok, type Result } from "../src/lib/result";
import { reportInvariantFailure } from "../src/metrics/invariant-report";
import { type LoadedDeparture, loadDeparture, publishAvailability } from "../src/products/departures/inventory";

const EMPTY_AUDIT: InventoryAudit = { ok: true, counts: {}, replayed: {}, violations: [] };
/** A live object audits itself from its alarm at most this often; a failure is reported to the alerts. */
const SELF_AUDIT_MS = 60 * 60 * 1000;

/**
 * One object per departure (named by the departure id) owns that departure's seats. The rules
 * live in src/inventory; this class loads the departure once, runs each verb in one transaction,
 * keeps one alarm at the earliest hold deadline (or its retirement) and publishes availability.
 *
 * Storage is created only by placeHold and applyOperatorChange, and only for a departure D1 knows
 * that can still sell a seat. Anything else (an unknown or departed departure, a hold id on an
 * object that never held one) is answered without writing, so no id a client invents leaves an
 * object behind. Some days after departure the object deletes everything (retire()).
 */
export class DepartureInventory extends DurableObject<AppEnv> implements InventoryRpc {
  /** Everything time-dependent reads this; tests replace it to move time. */
  clock: Clock = systemClock;
  readonly publisher: AvailabilityPublisher;
  private readonly store: InventoryStore;
  private readonly log: Logger;
  /** Whether the object has its tables (a stored departure). */
  private live: boolean;
  /** A departure found cancelled or departed before anything was stored: remembered, never stored. */
  private closedDeparture: ClosedDeparture | null = null;
  /** The alarm time last set: skips redundant setAlarm calls. Undefined until first set in this life. */
  private armedFor: number | null | undefined;
  /** When this instance last audited itself (alarm). */
  private auditedAt = Number.NEGATIVE_INFINITY;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.store = new InventoryStore(ctx.storage.sql);
    this.log = jsonLogger({ component: "departure_inventory", departure_id: ctx.id.name ?? null });
    this.publisher = new AvailabilityPublisher(() => this.publish(), this.log);
    this.live = this.store.hasTables();
    if (this.live) {
      // Idempotent: an object that has tables picks up tables added since.
      this.store.migrate();
      // A live object always has an alarm (a hold deadline or its retirement); objects stored
      // before retirement existed get theirs the first time they wake.
      void ctx.blockConcurrencyWhile(() => this.ensureAlarm());
    }
  }

  async placeHold(input: PlaceHoldInput): Promise<Result<HoldView>> {
    const opened = await this.open(input.departureId);
    if (!opened.ok) return opened;
    if (opened.value.closed) return opened.value.closed.refusal;
    return this.run((book, now) => book.placeHold(input, now));
  }

  extendHold(holdId: string, ttlSeconds: number): Promise<Result<HoldView>> {
    return this.runOnHold(holdId, (book, now) => book.extendHold(holdId, ttlSeconds, now));
  }

  releaseHold(holdId: string, reason: string): Promise<Result<HoldView>> {
    return this.runOnHold(holdId, (book, now) => book.releaseHold(holdId, reason, now));
  }

  confirmHold(holdId: string, bookingId: string): Promise<Result<HoldView>> {
    return this.runOnHold(holdId, (book, now) => book.confirmHold(holdId, bookingId, now));
  }

  /** On a retired object: HOLD_NOT_FOUND, and the bookings layer knows there are no seats to return. */
  cancelBooking(holdId: string, reason: string): Promise<Result<HoldView>> {
    return this.runOnHold(holdId, (book, now) => book.cancelBooking(holdId, reason, now));
  }

  applyOperatorChange(change: OperatorChange): Promise<Result<FareAvailability[]>> {
    return this.applyOperatorChanges([change]);
  }

  async applyOperatorChanges(changes: OperatorChange[]): Promise<Result<FareAvailability[]>> {
    const opened = await this.open();
    if (!opened.ok) return opened;
    const { closed } = opened.value;
    if (closed) {
      // Nothing was ever held or sold here, so cancelling a departure that has left moves no seats.
      return changes.length > 0 && changes.every((change) => change.cancelDeparture)
        ? ok(unstoredAvailability(closed.departure.meta, closed.departure.fares, this.clock.now()))
        : closed.refusal;
    }
    return this.run((book, now, meta) => {
      const applied = applyOperatorChanges(this.store, book, meta, changes, now);
      return applied.ok ? ok(availability(this.store, meta, now)) : applied;
    });
  }

  async getHold(holdId: string): Promise<HoldView | null> {
    const found = await this.runOnHold(holdId, (book) => {
      const hold = this.store.hold(holdId);
      return hold ? ok(book.view(hold)) : notFound(holdId);
    });
    return found.ok ? found.value : null;
  }

  /** Read from D1 without storing anything when the object has no departure yet. */
  async availability(): Promise<FareAvailability[]> {
    if (!this.live) {
      const loaded = this.closedDeparture ? ok(this.closedDeparture.departure) : await this.read();
      const found = loaded.ok ? loaded.value : null;
      return found ? unstoredAvailability(found.meta, found.fares, this.clock.now()) : [];
    }
    const rows = await this.run((_book, now, meta) => ok(availability(this.store, meta, now)));
    return rows.ok ? rows.value : [];
  }

  async ledger(afterSeq = 0, limit: number = HOLD_POLICY.ledgerPageSize): Promise<LedgerEntry[]> {
    if (!this.live) return [];
    const size = Math.min(Math.max(1, Math.floor(limit)), HOLD_POLICY.ledgerMaxPageSize);
    return this.store.ledger(Math.max(0, Math.floor(afterSeq)), size);
  }

  async strandedBookings(): Promise<StrandedBooking[]> {
    const meta = this.live ? this.store.meta() : null;
    return meta ? strandedBookings(this.store, meta) : [];
  }

  /** A failing audit is reported (metrics and the invariant alert), whoever asked for it. */
  async audit(): Promise<InventoryAudit> {
    if (!this.live) return EMPTY_AUDIT;
    const found = audit(this.store);
    this.auditedAt = this.clock.now();
    if (!found.ok) {
      this.log.error("inventory_invariant_failed", { violations: found.violations });
      const unitId = this.departureId();
      await reportInvariantFailure(
        this.env,
        { unitId, violations: found.violations.length, now: this.auditedAt },
        this.log,
      );
    }
    return found;
  }

  /** Expires every due hold, retires the object when its time has come, else re-arms: no polling. */
  override async alarm(): Promise<void> {
    this.armedFor = null;
    const meta = this.live ? this.store.meta() : null;
    if (!meta) return;
    const now = this.clock.now();
    const expired = transact(this.ctx.storage, () => ok(new SeatBook(this.store, meta).expireDue(now)));
    if (expired.ok && expired.value > 0) this.publishSoon();
    if (now - this.auditedAt >= SELF_AUDIT_MS) await this.audit();
    if (now >= retirementDue(meta.departsAt) && (await this.retire(meta))) return;
    await this.rearm(meta);
  }

  /**
   * Deletes every table and the alarm once the retention after departure has passed and nothing
   * is pending. D1 keeps the bookings; a later call finds an object with no departure, which
   * answers without storing anything (HOLD_NOT_FOUND, DEPARTURE_DEPARTED).
   */
  private async retire(meta: DepartureMeta): Promise<boolean> {
    const held = this.store.holdsWithStatus("held").length;
    const stranded = strandedBookings(this.store, meta).length;
    if (held > 0 || stranded > 0) {
      this.log.warn("inventory_retirement_postponed", { held, stranded });
      return false;
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.live = false;
    this.armedFor = undefined;
    this.log.info("inventory_retired", { departs_at: new Date(meta.departsAt).toISOString() });
    return true;
  }

  /** Runs a verb about an existing hold: an object without a departure has no holds, and D1 is not asked. */
  private async runOnHold<T>(holdId: string, verb: Verb<T>): Promise<Result<T>> {
    if (!this.live) return notFound(holdId);
    return this.run(verb);
  }

  /**
   * Every call, read or write, first expires the holds whose deadline passed (the alarm may be
   * late), then runs its verb. No-oversell argument: between reading a fare class's counts and
   * writing the new ones nothing is awaited; both happen inside one synchronous transactionSync.
   * The object's input gate delivers no other call while code runs synchronously, so two holds
   * can never both see the same last seat. Only after the transaction do we await (alarm, publish).
   */
  private async run<T>(verb: Verb<T>): Promise<Result<T>> {
    const meta = this.store.meta();
    if (!meta) return err("DEPARTURE_NOT_FOUND", "This inventory object has no departure.");
    const now = this.clock.now();
    const book = new SeatBook(this.store, meta);
    const before = this.store.lastSeq();
    if (this.mayHaveDueHolds(now)) transact(this.ctx.storage, () => ok(book.expireDue(now)));
    const result = transact(this.ctx.storage, () => verb(book, now, meta));
    if (this.store.lastSeq() !== before) {
      this.publishSoon();
      await this.rearm(meta);
    }
    return result;
  }

  /**
   * The stored departure or, on first use, the departure read from D1 and stored if it can still
   * sell. One cancelled or departed before the object first stored it comes back as `closed`,
   * with nothing written (and kept in memory only: neither state can be undone).
   */
  private async open(departureHint?: string): Promise<Result<Opened>> {
    const stored = this.live ? this.store.meta() : null;
    if (stored) return ok({ meta: stored });
    if (this.closedDeparture) return ok({ meta: this.closedDeparture.departure.meta, closed: this.closedDeparture });
    return this.ctx.blockConcurrencyWhile(async () => {
      if (this.live) return ok({ meta: this.store.meta() as DepartureMeta });
      const loaded = await this.read(departureHint);
      if (!loaded.ok) return loaded;
      if (!loaded.value)
        return err("DEPARTURE_NOT_FOUND", `Departure ${this.departureId(departureHint)} does not exist.`);
      const { meta, fares } = loaded.value;
      const selling = stillSelling(meta, this.clock.now());
      if (!selling.ok) {
        this.closedDeparture = { departure: loaded.value, refusal: selling };
        return ok({ meta, closed: this.closedDeparture });
      }
      transact(this.ctx.storage, () => {
        this.store.migrate();
        initialise(this.store, meta, fares, this.clock.now());
        return ok(true);
      });
      this.live = true;
      await this.rearm(meta);
      return ok({ meta });
    });
  }

  /** The departure as D1 has it (null: unknown), or ORIGIN_UNAVAILABLE. Reads only. */
  private async read(departureHint?: string): Promise<Result<LoadedDeparture | null>> {
    const departureId = this.departureId(departureHint);
    if (!departureId) return ok(null);
    try {
      return ok(await loadDeparture(this.env.DB, departureId));
    } catch (error) {
      // Thrown out of blockConcurrencyWhile, this would reset the object; a value lets the caller retry.
      this.log.error("inventory_load_failed", { departure_id: departureId, error: String(error) });
      return err("ORIGIN_UNAVAILABLE", "Could not load the departure's seats. Try again shortly.");
    }
  }

  /** idFromName ids carry their name (ctx.id.name); the hint covers runtimes that do not. */
  private departureId(hint?: string): string {
    return this.ctx.id.name ?? hint ?? "";
  }

  /**
   * `armedFor` is the alarm time rearm() last set after a change this instance made; before
   * the first change (a fresh instance) it is unknown and we look for due holds.
   */
  private mayHaveDueHolds(now: number): boolean {
    return this.armedFor === undefined || (this.armedFor !== null && now >= this.armedFor);
  }

  private async ensureAlarm(): Promise<void> {
    const meta = this.store.meta();
    if (meta && (await this.ctx.storage.getAlarm()) === null) await this.rearm(meta);
  }

  /** One alarm: the earliest hold deadline, or the next look at retirement, whichever comes first. */
  private async rearm(meta: DepartureMeta): Promise<void> {
    const expiry = this.store.nextExpiry();
    const retirement = retirementCheckAt(meta.departsAt, this.clock.now());
    const next = expiry === null ? retirement : Math.min(expiry, retirement);
    if (next === this.armedFor) return;
    // Recorded before awaiting, so a call that runs meanwhile compares against what it will find.
    this.armedFor = next;
    await this.ctx.storage.setAlarm(next);
  }

  private publishSoon(): void {
    this.ctx.waitUntil(this.publisher.request());
  }

  private async publish(): Promise<void> {
    const meta = this.live ? this.store.meta() : null;
    if (!meta) return;
    const now = this.clock.now();
    await publishAvailability(this.env.DB, meta.departureId, availability(this.store, meta, now), now);
  }
}

type Verb<T> = (book: SeatBook, now: number, meta: DepartureMeta) => Result<T>;

interface ClosedDeparture {
  departure: LoadedDeparture;
  refusal: Err<DomainError>;
}

interface Opened {
  meta: DepartureMeta;
  closed?: ClosedDeparture;
}
