import { DurableObject } from "cloudflare:workers";
import type { AppEnv } from "../src/env";
import { AlarmSchedule, nextWake } from "../src/inventory/alarm-schedule";
import type {
  HoldView,
  InventoryAudit,
  InventoryRpc,
  InventorySource,
  LedgerEntry,
  OperatorChanges,
  PlaceHoldInput,
  PoolAvailability,
  PoolDefinition,
  SourceDeps,
  StrandedHold,
  UnitDefinition,
} from "../src/inventory/contract";
import { HoldBook } from "../src/inventory/hold-book";
import { addPool, applyOperatorChanges, initialise } from "../src/inventory/operator";
import { HOLD_POLICY, retirementDue, stillSelling } from "../src/inventory/policy";
import { AvailabilityPublisher } from "../src/inventory/publisher";
import { audit, availability, strandedHolds, unstoredAvailability } from "../src/inventory/reports";
import { InventoryStore } from "../src/inventory/store";
import { transact } from "../src/inventory/transact";
import { type Clock, systemClock } from "../src/lib/clock";
import { jsonLogger, type Logger } from "../src/lib/logger";
import { type DomainError, type Err, err, ok, type Result } from "../src/lib/result";
import { reportInvariantFailure } from "../src/metrics/invariant-report";
import { productOfUnit } from "../src/products/registry";
import { recordCancellation, retireIfIdle } from "./inventory-housekeeping";
import { acceptLivePage, broadcastAvailability } from "./live-sockets";
import { sourceDeps } from "./source-deps";

const EMPTY_AUDIT: InventoryAudit = { ok: true, counts: {}, replayed: {}, violations: [] };
/** A live object audits itself from its alarm at most this often; a failure is reported to the alerts. */
const SELF_AUDIT_MS = 60 * 60 * 1000;

interface Loaded {
  unit: UnitDefinition;
  pools: PoolDefinition[];
}

/**
 * One object per sellable unit (a departure, a property, an event; named by the unit's id) owns
 * that unit's pools. The rules live in src/inventory; the product's InventorySource (found by the
 * id's prefix in src/products/registry.ts) loads the unit, adds its own hold rules and publishes
 * availability. This class runs each verb in one transaction, keeps one alarm at the earliest
 * hold deadline (or its retirement) and coalesces publishing.
 *
 * Storage is created only by placeHold and applyOperatorChanges, and only for a unit D1 knows that
 * can still sell. Anything else (an unknown or closed unit, a hold id on an object that never held
 * one) is answered without writing, so no id a client invents leaves an object behind. Some days
 * after the unit closes the object deletes everything (retire()). Objects stored by the class
 * before it (DepartureInventory) are rewritten into the engine's tables when they first wake.
 */
export class InventoryObject extends DurableObject<AppEnv> implements InventoryRpc {
  /** Everything time-dependent reads this; tests replace it to move time. */
  clock: Clock = systemClock;
  /** The product's rules for this unit; tests may replace it before the first call. */
  source: InventorySource | null;
  readonly publisher: AvailabilityPublisher;
  private readonly store: InventoryStore;
  private readonly log: Logger;
  /** Whether the object has its tables (a stored unit). */
  private live: boolean;
  /** The stored unit, read once per life of the instance (only operator changes and retirement change it). */
  private unitCache: UnitDefinition | null = null;
  /** A unit found cancelled or closed before anything was stored: remembered, never stored. */
  private closedUnit: ClosedUnit | null = null;
  private readonly alarmSchedule: AlarmSchedule;
  /** When this instance last audited itself (alarm). */
  private auditedAt = Number.NEGATIVE_INFINITY;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.store = new InventoryStore(ctx.storage.sql);
    this.source = ctx.id.name ? (productOfUnit(ctx.id.name)?.inventory ?? null) : null;
    this.log = jsonLogger({ component: "inventory_object", unit_id: ctx.id.name ?? null });
    this.publisher = new AvailabilityPublisher(() => this.publish(), this.log);
    this.alarmSchedule = new AlarmSchedule(ctx.storage);
    this.live = this.store.hasTables();
    if (this.live) {
      // Idempotent: picks up tables added since, and rewrites an object of the old layout once.
      ctx.storage.transactionSync(() => this.store.migrate());
      // A live object always has an alarm (a hold deadline or its retirement); objects stored
      // before retirement existed get theirs the first time they wake.
      void ctx.blockConcurrencyWhile(async () => {
        const unit = this.storedUnit();
        if (unit) await this.alarmSchedule.ensure(() => this.wakeAt(unit));
      });
    }
  }

  async placeHold(input: PlaceHoldInput): Promise<Result<HoldView>> {
    const opened = await this.open(input.unitId);
    if (!opened.ok) return opened;
    if (opened.value.closed) return opened.value.closed.refusal;
    const extra = await this.loadMissingPools(input.lines?.map((l) => l.pool) ?? []);
    if (!extra.ok) return extra;
    return this.run((book, now, unit) => {
      for (const p of extra.value)
        if (!this.store.pool(p.pool)) addPool(this.store, unit, p, now, "pool_added", "loaded from D1");
      return book.placeHold(input, now);
    });
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

  /** On a retired object: HOLD_NOT_FOUND, and the bookings layer knows there are no units to return. */
  cancelHold(holdId: string, reason: string): Promise<Result<HoldView>> {
    return this.runOnHold(holdId, (book, now) => book.cancelHold(holdId, reason, now));
  }

  async applyOperatorChanges(changes: OperatorChanges): Promise<Result<PoolAvailability[]>> {
    const opened = await this.open();
    if (!opened.ok) return opened;
    const { closed } = opened.value;
    if (closed) {
      // Nothing was ever held or sold here, so cancelling a unit that has closed moves nothing.
      return changes.cancelUnit && (changes.pools?.length ?? 0) === 0 && changes.reason?.trim()
        ? ok(unstoredAvailability(closed.loaded.unit, closed.loaded.pools, this.clock.now()))
        : closed.refusal;
    }
    const source = this.source as InventorySource;
    const result = await this.run((book, now, unit) => {
      const applied = applyOperatorChanges(this.store, book, unit, source, changes, now);
      return applied.ok ? ok(availability(unit, this.store.pools(), now)) : applied;
    });
    const unit = this.storedUnit();
    if (result.ok && changes.cancelUnit && unit) {
      await recordCancellation(this.env, this.clock, this.log, unit, changes.reason);
    }
    return result;
  }

  async getHold(holdId: string): Promise<HoldView | null> {
    const found = await this.runOnHold(holdId, (book) => {
      const hold = this.store.hold(holdId);
      return hold ? ok(book.view(hold)) : book.notFound(holdId);
    });
    return found.ok ? found.value : null;
  }

  /** Read from D1 without storing anything when the object has no unit yet. */
  async availability(): Promise<PoolAvailability[]> {
    return (await this.liveAvailability()) ?? [];
  }

  /**
   * What a live page starts from: null when there is no such unit, else its pools' availability,
   * which is empty for a unit whose pools come on demand and none has yet (a property whose
   * nights nobody has held): its page is still live, and hears the first hold.
   */
  async liveAvailability(): Promise<PoolAvailability[] | null> {
    if (!this.live) {
      const loaded = this.closedUnit ? ok(this.closedUnit.loaded) : await this.read();
      const found = loaded.ok ? loaded.value : null;
      return found ? unstoredAvailability(found.unit, found.pools, this.clock.now()) : null;
    }
    const rows = await this.run((_book, now, unit) => ok(availability(unit, this.store.pools(), now)));
    return rows.ok ? rows.value : [];
  }

  async ledger(afterSeq = 0, limit: number = HOLD_POLICY.ledgerPageSize): Promise<LedgerEntry[]> {
    if (!this.live) return [];
    const size = Math.min(Math.max(1, Math.floor(limit)), HOLD_POLICY.ledgerMaxPageSize);
    return this.store.ledger(Math.max(0, Math.floor(afterSeq)), size);
  }

  async strandedHolds(): Promise<StrandedHold[]> {
    const unit = this.storedUnit();
    return unit ? strandedHolds(this.store, unit) : [];
  }

  /** A failing audit is reported (metrics and the invariant alert), whoever asked for it. */
  async audit(): Promise<InventoryAudit> {
    if (!this.live) return EMPTY_AUDIT;
    const found = audit(this.store);
    this.auditedAt = this.clock.now();
    if (!found.ok) {
      this.log.error("inventory_invariant_failed", { violations: found.violations });
      await reportInvariantFailure(
        this.env,
        { unitId: this.ctx.id.name ?? "unknown", violations: found.violations.length, now: this.auditedAt },
        this.log,
      );
    }
    return found;
  }

  /** Expires every due hold, retires the object when its time has come, else re-arms: no polling. */
  override async alarm(): Promise<void> {
    this.alarmSchedule.fired();
    const unit = this.storedUnit();
    if (!unit || !this.source) return;
    const now = this.clock.now();
    const book = new HoldBook(this.store, unit, this.source);
    const expired = transact(this.ctx.storage, () => ok(book.expireDue(now)));
    if (expired.ok && expired.value > 0) this.publishSoon();
    if (now - this.auditedAt >= SELF_AUDIT_MS) await this.audit();
    const due = retirementDue(unit.closesAt);
    if (due !== null && now >= due && (await retireIfIdle(this.ctx.storage, this.store, unit, this.log))) {
      this.live = false;
      this.unitCache = null;
      this.alarmSchedule.forget();
      return;
    }
    await this.rearm(unit);
  }

  /** Runs a verb about an existing hold: an object without a unit has no holds, and D1 is not asked. */
  private async runOnHold<T>(holdId: string, verb: Verb<T>): Promise<Result<T>> {
    if (!this.source) return err("HOLD_NOT_FOUND", `No hold ${holdId}.`);
    if (!this.live) return err("HOLD_NOT_FOUND", `No hold ${holdId} on this ${this.source.nouns.unit}.`);
    return this.run(verb);
  }

  /**
   * Every call, read or write, first expires the holds whose deadline passed (the alarm may be
   * late), then runs its verb. No-oversell argument: between reading a pool's counts and writing
   * the new ones nothing is awaited; every line of a hold is decided inside one synchronous
   * transactionSync. The object's input gate delivers no other call while code runs synchronously,
   * so two holds can never both see the same last unit. Only after the transaction do we await.
   */
  private async run<T>(verb: Verb<T>): Promise<Result<T>> {
    const unit = this.storedUnit();
    const source = this.source;
    if (!unit || !source) return err("NOT_FOUND", "This inventory object has no unit.");
    const now = this.clock.now();
    const book = new HoldBook(this.store, unit, source);
    const before = this.store.lastSeq();
    if (this.alarmSchedule.mayHaveDue(now)) transact(this.ctx.storage, () => ok(book.expireDue(now)));
    const result = transact(this.ctx.storage, () => verb(book, now, unit));
    // An operator change may have cancelled the unit in memory and been rolled back: read it again.
    if (!result.ok) this.unitCache = null;
    if (this.store.lastSeq() !== before) {
      this.publishSoon();
      await this.rearm(unit);
    }
    return result;
  }

  private storedUnit(): UnitDefinition | null {
    if (!this.live) return null;
    this.unitCache ??= this.store.unit();
    return this.unitCache;
  }

  /**
   * The stored unit or, on first use, the unit read from D1 and stored if it can still sell. One
   * cancelled or closed before the object first stored it comes back as `closed`, with nothing
   * written (and kept in memory only: neither state can be undone).
   */
  private async open(unitHint?: string): Promise<Result<Opened>> {
    const source = this.source;
    if (!source) return err("NOT_FOUND", `No product sells ${this.unitId(unitHint)}.`);
    const stored = this.storedUnit();
    if (stored) return ok({ unit: stored });
    if (this.closedUnit) return ok({ unit: this.closedUnit.loaded.unit, closed: this.closedUnit });
    return this.ctx.blockConcurrencyWhile(async () => {
      const again = this.storedUnit();
      if (again) return ok({ unit: again });
      const loaded = await this.read(unitHint);
      if (!loaded.ok) return loaded;
      const unitId = this.unitId(unitHint);
      if (!loaded.value) {
        return err(source.codes.unitNotFound, `${capitalise(source.nouns.unit)} ${unitId} does not exist.`);
      }
      const { unit, pools } = loaded.value;
      const selling = stillSelling(unit, this.clock.now(), source.codes, source.nouns);
      if (!selling.ok) {
        this.closedUnit = { loaded: loaded.value, refusal: selling };
        return ok({ unit, closed: this.closedUnit });
      }
      transact(this.ctx.storage, () => {
        this.store.migrate();
        initialise(this.store, unit, pools, this.clock.now());
        return ok(true);
      });
      this.live = true;
      this.unitCache = null;
      await this.rearm(unit);
      return ok({ unit });
    });
  }

  /** Pools a hold names that the object has not materialised, loaded before its transaction (re-checked inside). */
  private async loadMissingPools(names: string[]): Promise<Result<PoolDefinition[]>> {
    const source = this.source;
    if (!source?.loadPools || names.length === 0 || !Array.isArray(names)) return ok([]);
    const known = this.store.poolsNamed(names);
    const missing = names.filter((n) => typeof n === "string" && !known.has(n));
    if (missing.length === 0) return ok([]);
    try {
      const unitId = this.unitId();
      return ok((await source.loadPools(this.deps(), unitId, missing)).filter((p) => missing.includes(p.pool)));
    } catch (error) {
      this.log.error("inventory_load_failed", { error: String(error) });
      return err("ORIGIN_UNAVAILABLE", "Could not load the pools. Try again shortly.");
    }
  }

  /** The unit as D1 has it (null: unknown), or ORIGIN_UNAVAILABLE. Reads only. */
  private async read(unitHint?: string): Promise<Result<Loaded | null>> {
    const unitId = this.unitId(unitHint);
    if (!unitId || !this.source) return ok(null);
    try {
      return ok(await this.source.load(this.deps(), unitId));
    } catch (error) {
      // Thrown out of blockConcurrencyWhile, this would reset the object; a value lets the caller retry.
      this.log.error("inventory_load_failed", { unit_id: unitId, error: String(error) });
      return err("ORIGIN_UNAVAILABLE", "Could not load the unit. Try again shortly.");
    }
  }

  private deps(): SourceDeps {
    return sourceDeps(this.env, this.clock, this.log);
  }

  /** getByName ids carry their name (ctx.id.name); the hint covers runtimes that do not. */
  private unitId(hint?: string): string {
    return this.ctx.id.name ?? hint ?? "";
  }

  private wakeAt(unit: UnitDefinition): number | null {
    return nextWake(this.store.nextExpiry(), unit.closesAt, this.clock.now());
  }

  private rearm(unit: UnitDefinition): Promise<void> {
    return this.alarmSchedule.arm(this.wakeAt(unit));
  }

  private publishSoon(): void {
    this.ctx.waitUntil(this.publisher.request());
  }

  private async publish(): Promise<void> {
    const unit = this.storedUnit();
    if (!unit || !this.source) return;
    const now = this.clock.now();
    const rows = availability(unit, this.store.pools(), now);
    broadcastAvailability(this.ctx, rows);
    await this.source.publish(this.deps(), unit.unitId, rows, now);
  }

  /** A page's WebSocket (hibernatable): the current availability at once, then every change. */
  override async fetch(request: Request): Promise<Response> {
    return acceptLivePage(this.ctx, request, () => this.liveAvailability());
  }

  override async webSocketMessage(): Promise<void> {
    // Pages only listen; what they send is ignored.
  }
}

type Verb<T> = (book: HoldBook, now: number, unit: UnitDefinition) => Result<T>;

interface ClosedUnit {
  loaded: Loaded;
  refusal: Err<DomainError>;
}

interface Opened {
  unit: UnitDefinition;
  closed?: ClosedUnit;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
