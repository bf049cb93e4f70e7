import type { Cabin } from "../db/schema";
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
import { type BookingRow, bookingById } from "./store";

export interface PassengerInput {
  givenName: string;
  familyName: string;
  birthDate?: string | undefined;
}

export interface CreateBookingInput {
  holdId: string;
  passengers: PassengerInput[];
  contactEmail: string;
  payment: { method: "card"; token: string };
  /** The provider the charge will go through, recorded on the payment row. */
  provider: string;
}

/** The products a booking may hold, injected (src/http/describe-holds.ts): the engine imports none. */
export interface BookableProducts {
  /** Whether a unit id belongs to a product whose holds can be booked (it describes them). */
  isBookableUnit: (unitId: string) => boolean;
  describe: DescribeHold;
}

export interface CreatedBooking {
  booking: BookingRow;
  /** Returned once; only its hash is stored. */
  ownerToken: string;
}

/** Payment needs a few seconds: a hold about to lapse would be charged and then refunded. */
export const MIN_HOLD_REMAINING_MS = 10_000;
const REFERENCE_ATTEMPTS = 5;

/**
 * Turns a hold into a booking awaiting payment. The hold is claimed by the unique index on
 * bookings.hold_id (one booking per hold, decided atomically by D1); the seats stay the Durable
 * Object's to give: only confirmHold, after payment, sells them (docs/bookings-and-payments.md).
 */
export async function createBooking({
  deps,
  input,
}: {
  deps: BookingDeps & BookableProducts;
  input: CreateBookingInput;
}): Promise<Result<CreatedBooking>> {
  const unitId = unitOfHold(input.holdId, deps.isBookableUnit);
  const hold = unitId ? await deps.inventory(unitId).getHold(input.holdId) : null;
  if (!hold) return err("HOLD_NOT_FOUND", `No hold ${input.holdId}.`);
  const refused = refuseHold(hold, deps.clock.now());
  if (refused) return refused;
  const seats = seatsOf(hold);
  if (input.passengers.length !== seats) {
    return err(
      "PASSENGER_COUNT_MISMATCH",
      `The hold is for ${seats} seat(s) but ${input.passengers.length} passenger(s) were sent.`,
      { seats },
    );
  }

  // The product's snapshot of what was booked: emails, reminders and the booking view read only this.
  const item = await deps.describe(hold);
  if (!item) return err("HOLD_NOT_FOUND", `No hold ${input.holdId}.`);

  const ownerToken = createOwnerToken();
  const ids = { bookingId: randomId("bkg"), paymentId: randomId("pay"), tokenHash: await hashOwnerToken(ownerToken) };
  for (let attempt = 0; attempt < REFERENCE_ATTEMPTS; attempt++) {
    const reference = generateReference();
    try {
      await deps.d1.batch(insertStatements(deps, input, hold, item, { ...ids, reference }));
    } catch (error) {
      const message = String(error);
      if (message.includes("bookings.reference")) continue;
      if (message.includes("bookings.hold_id")) {
        return err("HOLD_ALREADY_BOOKED", `Hold ${input.holdId} is already used by a booking.`);
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

const seatsOf = (hold: HoldView) => hold.lines.reduce((sum, l) => sum + l.quantity, 0);

/** The item's policy: its first line's (a departure hold has one line; per-line quotes read `lines`). */
const itemRefundPolicy = (hold: HoldView) => hold.lines[0]?.refundPolicy ?? [];

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
  hold: HoldView,
  item: ItemDescription,
  ids: { bookingId: string; paymentId: string; tokenHash: string; reference: string },
): D1PreparedStatement[] {
  const now = Math.floor(deps.clock.now() / 1000);
  const { d1 } = deps;
  return [
    d1
      .prepare(
        `INSERT INTO bookings (id, reference, hold_id, departure_id, cabin, seats, status, total_minor, currency,
         contact_email, owner_token_hash, payment_method, payment_token, payment_state, hold_expires_at, created_at,
         updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pending_payment', ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
      )
      .bind(
        ids.bookingId,
        ids.reference,
        hold.holdId,
        hold.unitId,
        hold.lines[0]?.pool as Cabin,
        seatsOf(hold),
        hold.totalMinor,
        hold.currency,
        input.contactEmail,
        ids.tokenHash,
        input.payment.method,
        input.payment.token,
        Math.floor(hold.expiresAt / 1000),
        now,
        now,
      ),
    // booking_items.hold_id is unique too: a hold is one item of one booking.
    d1
      .prepare(
        `INSERT INTO booking_items (id, booking_id, position, product, unit_id, hold_id, status, lines, quantity,
         total_minor, currency, starts_at, ends_at, timezone, snapshot, refund_policy)
         VALUES (?, ?, 0, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        `itm_${ids.bookingId.slice(4)}`,
        ids.bookingId,
        hold.product,
        hold.unitId,
        hold.holdId,
        JSON.stringify(hold.lines),
        seatsOf(hold),
        hold.totalMinor,
        hold.currency,
        item.startsAt,
        item.endsAt,
        item.timezone,
        JSON.stringify(item.snapshot),
        JSON.stringify(itemRefundPolicy(hold)),
      ),
    ...input.passengers.map((p, position) =>
      d1
        .prepare(
          `INSERT INTO booking_passengers (booking_id, position, given_name, family_name, family_name_folded, birth_date)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .bind(ids.bookingId, position, p.givenName, p.familyName, foldCompact(p.familyName), p.birthDate ?? null),
    ),
    d1
      .prepare("INSERT INTO booking_events (booking_id, at, kind, detail, request_id) VALUES (?, ?, 'created', ?, ?)")
      .bind(ids.bookingId, now, JSON.stringify({ hold_id: hold.holdId, seats: seatsOf(hold) }), deps.requestId),
    d1
      .prepare(
        `INSERT INTO payments (id, booking_id, kind, status, amount_minor, currency, provider, idempotency_key, attempts,
         created_at, updated_at) VALUES (?, ?, 'charge', 'pending', ?, ?, ?, ?, 0, ?, ?)`,
      )
      .bind(
        ids.paymentId,
        ids.bookingId,
        hold.totalMinor,
        hold.currency,
        input.provider,
        chargeIdempotencyKey(ids.bookingId),
        now,
        now,
      ),
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
