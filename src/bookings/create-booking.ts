import { bookingItems, bookingPassengers, bookings, payments } from "../db/schema";
import { unitOfHold } from "../holds/hold-id";
import type { DescribeHold, ItemDescription } from "../holds/item-snapshot";
import type { HoldView } from "../inventory/contract";
import { foldCompact } from "../lib/fold";
import { randomId } from "../lib/ids";
import { err, ok, type Result } from "../lib/result";
import { chargeIdempotencyKey, chargeJob } from "../payments/messages";
import type { BookingDeps } from "./deps";
import { createOwnerToken, hashOwnerToken } from "./owner-token";
import { generateReference } from "./reference";
import { type BatchStatement, type BookingRow, bookingById, noteEvent } from "./store";

export interface PassengerInput {
  givenName: string;
  familyName: string;
  birthDate?: string | undefined;
}

export interface CreateBookingInput {
  /** One hold per item, each on a different unit, all in one currency (1..MAX_BOOKING_ITEMS). */
  holdIds?: string[];
  /** A booking of one hold (what POST /v1/bookings took before items): the same as `holdIds: [holdId]`. */
  holdId?: string;
  passengers: PassengerInput[];
  contactEmail: string;
  payment: { method: "card"; token: string };
  /** The provider the charge will go through, recorded on the payment row. */
  provider: string;
  /** The signed-in account making it (docs/accounts.md); null or absent for a guest. */
  accountId?: string | null;
}

/** How many named travellers a booking item of this hold needs (ProductModule.travellers). */
export interface TravellerRange {
  min: number;
  max: number;
}

/** The products a booking may hold, injected (src/http/describe-holds.ts): the engine imports none. */
export interface BookableProducts {
  /** Whether a unit id belongs to a product whose holds can be booked (it describes them). */
  isBookableUnit: (unitId: string) => boolean;
  describe: DescribeHold;
  /** The product's rule, or 1..quantity when it has none. */
  travellers: (hold: HoldView) => TravellerRange;
}

export interface CreatedBooking {
  booking: BookingRow;
  /** Returned once; only its hash is stored. */
  ownerToken: string;
}

/** Payment needs a few seconds: a hold about to lapse would be charged and then refunded. */
export const MIN_HOLD_REMAINING_MS = 10_000;
/** Items per booking: a trip of a few legs and stays, not a basket of everything. */
export const MAX_BOOKING_ITEMS = 8;
const REFERENCE_ATTEMPTS = 5;

interface DescribedHold {
  hold: HoldView;
  item: ItemDescription;
}

/**
 * Turns holds into one booking awaiting payment: one item per hold, one charge for the total.
 * Each hold is claimed by the unique index on booking_items.hold_id (one booking per hold,
 * decided atomically by D1); the units stay their objects' to give: only confirmHold, after
 * payment, sells them, every item's or none (docs/bookings-and-payments.md).
 */
export async function createBooking({
  deps,
  input,
}: {
  deps: BookingDeps & BookableProducts;
  input: CreateBookingInput;
}): Promise<Result<CreatedBooking>> {
  const holdIds = input.holdIds ?? (input.holdId ? [input.holdId] : []);
  const read = await readHolds(deps, holdIds);
  if (!read.ok) return read;
  const holds = read.value;
  const travellers = checkTravellers(deps, holds, input.passengers.length);
  if (!travellers.ok) return travellers;

  // The products' snapshots of what was booked: emails, reminders and the booking view read only these.
  const described: DescribedHold[] = [];
  for (const hold of holds) {
    const item = await deps.describe(hold);
    if (!item) return err("HOLD_NOT_FOUND", `No hold ${hold.holdId}.`);
    described.push({ hold, item });
  }

  const ownerToken = createOwnerToken();
  const ids = { bookingId: randomId("bkg"), paymentId: randomId("pay"), tokenHash: await hashOwnerToken(ownerToken) };
  for (let attempt = 0; attempt < REFERENCE_ATTEMPTS; attempt++) {
    const reference = generateReference();
    try {
      await deps.db.batch(insertStatements(deps, input, described, { ...ids, reference }));
    } catch (error) {
      // D1's own message names the unique index that refused (drizzle may wrap it as the cause).
      const message = `${String(error)} ${String((error as { cause?: unknown }).cause ?? "")}`;
      if (message.includes("bookings.reference")) continue;
      if (message.includes(".hold_id")) {
        const which = holds.length === 1 ? `Hold ${holds[0]?.holdId}` : "One of the holds";
        return err("HOLD_ALREADY_BOOKED", `${which} is already used by a booking.`);
      }
      throw error;
    }
    await enqueueCharge(deps, ids.bookingId, ids.paymentId);
    const booking = await bookingById(deps, ids.bookingId);
    if (!booking) throw new Error(`booking ${ids.bookingId} vanished after insert`);
    return ok({ booking, ownerToken });
  }
  throw new Error(`no free booking reference after ${REFERENCE_ATTEMPTS} attempts`);
}

/** Every hold read from its unit's object and checked, in the order sent; the first refusal wins. */
async function readHolds(deps: BookingDeps & BookableProducts, holdIds: string[]): Promise<Result<HoldView[]>> {
  if (holdIds.length === 0) return err("VALIDATION_FAILED", "Send hold_id or hold_ids.");
  if (holdIds.length > MAX_BOOKING_ITEMS) {
    return err("TOO_MANY_ITEMS", `A booking holds at most ${MAX_BOOKING_ITEMS} items; ${holdIds.length} were sent.`, {
      max_items: MAX_BOOKING_ITEMS,
    });
  }
  const units = holdIds.map((holdId) => unitOfHold(holdId, deps.isBookableUnit));
  const unknown = holdIds.find((_, i) => units[i] === null);
  if (unknown !== undefined) return err("HOLD_NOT_FOUND", `No hold ${unknown}.`);
  const repeated = units.find((unit, i) => units.indexOf(unit) !== i);
  if (repeated) {
    return err("DUPLICATE_UNIT", `Two holds are on ${repeated}: a booking has one item per unit.`, {
      unit_id: repeated,
    });
  }
  const holds = await Promise.all(holdIds.map((holdId, i) => deps.inventory(units[i] as string).getHold(holdId)));
  const now = deps.clock.now();
  for (const [i, hold] of holds.entries()) {
    if (!hold) return err("HOLD_NOT_FOUND", `No hold ${holdIds[i]}.`);
    const refused = refuseHold(hold, now);
    if (refused) return refused;
  }
  const found = holds as HoldView[];
  const currencies = [...new Set(found.map((hold) => hold.currency))];
  if (currencies.length > 1) {
    return err(
      "CURRENCY_MISMATCH",
      `The holds are priced in ${currencies.join(" and ")}: one booking is paid in one currency.`,
      {
        currencies,
      },
    );
  }
  return ok(found);
}

/**
 * The same travellers go on every item (a trip's legs, a stay on the way), so their number must
 * suit each: at least the largest minimum, at most the smallest maximum.
 */
function checkTravellers(deps: BookableProducts, holds: HoldView[], sent: number): Result<void> {
  const ranges = holds.map((hold) => deps.travellers(hold));
  const min = Math.max(...ranges.map((r) => r.min));
  const max = Math.min(...ranges.map((r) => r.max));
  if (sent >= min && sent <= max) return ok(undefined);
  if (holds.length === 1 && min === max) {
    // A product may word this in its own units (departures: seats); src/http asks the hold's product.
    return err("PASSENGER_COUNT_MISMATCH", `The hold is for ${min} traveller(s) but ${sent} were sent.`, {
      quantity: min,
      sent,
    });
  }
  const detail =
    min > max
      ? "The holds are for different numbers of travellers: one party cannot travel on all of them. Book them separately."
      : `These holds need ${min === max ? `exactly ${min}` : `${min} to ${max}`} traveller(s) but ${sent} were sent.`;
  return err("PASSENGER_COUNT_MISMATCH", detail, { min_travellers: min, max_travellers: max });
}

const quantityOf = (hold: HoldView) => hold.lines.reduce((sum, l) => sum + l.quantity, 0);

/**
 * The item's lines as booked: the hold's, each with the product's item-wide terms when it states
 * them (a stay's nights all take the check-in night's policy), since quotes and refunds read the
 * lines. The item's own policy column is those terms, or its first line's.
 */
function bookedLines(hold: HoldView, item: ItemDescription) {
  const policy = item.refundPolicy;
  return policy ? hold.lines.map((line) => ({ ...line, refundPolicy: policy })) : hold.lines;
}

const itemRefundPolicy = (hold: HoldView, item: ItemDescription) =>
  item.refundPolicy ?? hold.lines[0]?.refundPolicy ?? [];

function refuseHold(hold: HoldView, now: number): Result<never> | null {
  if (hold.status === "expired" || (hold.status === "held" && hold.expiresAt - now < MIN_HOLD_REMAINING_MS)) {
    return err("HOLD_EXPIRED", `Hold ${hold.holdId} has expired. Place a new hold.`);
  }
  if (hold.status === "confirmed")
    return err("HOLD_ALREADY_BOOKED", `Hold ${hold.holdId} is already used by a booking.`);
  if (hold.status !== "held") {
    return err("HOLD_STATE_CONFLICT", `Hold ${hold.holdId} is ${hold.status} and cannot be booked.`, {
      hold_status: hold.status,
    });
  }
  return null;
}

function insertStatements(
  deps: BookingDeps,
  input: CreateBookingInput,
  described: DescribedHold[],
  ids: { bookingId: string; paymentId: string; tokenHash: string; reference: string },
): [BatchStatement, ...BatchStatement[]] {
  const now = Math.floor(deps.clock.now() / 1000);
  const { db } = deps;
  const holds = described.map((d) => d.hold);
  const first = holds[0] as HoldView;
  const totalMinor = holds.reduce((sum, hold) => sum + hold.totalMinor, 0);
  // The booking lasts as long as its earliest hold.
  const deadline = Math.floor(Math.min(...holds.map((hold) => hold.expiresAt)) / 1000);
  const created =
    holds.length === 1
      ? { hold_id: first.holdId, quantity: quantityOf(first) }
      : { hold_ids: holds.map((hold) => hold.holdId), items: holds.length };
  return [
    db.insert(bookings).values({
      id: ids.bookingId,
      reference: ids.reference,
      status: "pending_payment",
      totalMinor,
      currency: first.currency,
      contactEmail: input.contactEmail,
      ownerTokenHash: ids.tokenHash,
      paymentMethod: input.payment.method,
      paymentToken: input.payment.token,
      paymentState: "pending",
      holdExpiresAt: deadline,
      createdAt: now,
      updatedAt: now,
      accountId: input.accountId ?? null,
    }),
    // booking_items.hold_id is unique: a hold is one item of one booking, decided by D1. One
    // statement per row: D1 binds at most 100 parameters per statement.
    ...described.map(({ hold, item }, position) =>
      db.insert(bookingItems).values({
        id: randomId("itm"),
        bookingId: ids.bookingId,
        position,
        product: hold.product,
        unitId: hold.unitId,
        holdId: hold.holdId,
        status: "active" as const,
        lines: JSON.stringify(bookedLines(hold, item)),
        quantity: quantityOf(hold),
        totalMinor: hold.totalMinor,
        currency: hold.currency,
        startsAt: item.startsAt,
        endsAt: item.endsAt,
        timezone: item.timezone,
        snapshot: JSON.stringify(item.snapshot),
        refundPolicy: JSON.stringify(itemRefundPolicy(hold, item)),
      }),
    ),
    ...input.passengers.map((p, position) =>
      db.insert(bookingPassengers).values({
        bookingId: ids.bookingId,
        position,
        givenName: p.givenName,
        familyName: p.familyName,
        familyNameFolded: foldCompact(p.familyName),
        birthDate: p.birthDate ?? null,
      }),
    ),
    noteEvent(db, {
      bookingId: ids.bookingId,
      kind: "created",
      now: now * 1000,
      detail: created,
      requestId: deps.requestId,
    }),
    db.insert(payments).values({
      id: ids.paymentId,
      bookingId: ids.bookingId,
      kind: "charge",
      status: "pending",
      amountMinor: totalMinor,
      currency: first.currency,
      provider: input.provider,
      idempotencyKey: chargeIdempotencyKey(ids.bookingId),
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    }),
  ];
}

/** A lost enqueue is not a lost booking: reconcileBookings re-sends charges that never started. */
async function enqueueCharge(deps: BookingDeps, bookingId: string, paymentId: string): Promise<void> {
  try {
    await deps.paymentJobs.send(chargeJob(bookingId, paymentId), { contentType: "json" });
  } catch (error) {
    deps.log.warn("charge_enqueue_failed", { booking_id: bookingId, error: String(error) });
  }
}
