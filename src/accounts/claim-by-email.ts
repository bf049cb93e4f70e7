import { and, eq, isNull, sql } from "drizzle-orm";
import { normaliseReference } from "../bookings/reference";
import type { BookingRow } from "../bookings/store";
import { bookings, magicLinks } from "../db/schema";
import { err, ok, type Result } from "../lib/result";
import { isLinkToken, type MagicLinkDeps, requestMagicLink } from "./magic-links";
import { hashSecret, normaliseEmail, nowSeconds } from "./tokens";

/**
 * Claiming a guest booking by proving its contact address (docs/accounts.md, "Claiming"). The
 * signed-in traveller names the reference and the address the booking was made with; only when
 * both match a guest booking is a single-use, 15-minute link emailed to that address. The answer
 * never says which (no enumeration of references or addresses). The link claims that one booking
 * for the account that asked, and for no other: whoever reads the inbox must also be signed in as
 * the requester, and the address must still be the booking's when the link is used.
 */
export async function requestClaimLink({
  deps,
  input,
}: {
  deps: MagicLinkDeps;
  input: { accountId: string; reference: string; email: string; linkBase: string };
}): Promise<{ sent: boolean }> {
  const booking = await guestBooking(deps, input.reference);
  const address = normaliseEmail(input.email);
  if (!booking || booking.accountId !== null || normaliseEmail(booking.contactEmail) !== address) {
    return { sent: false };
  }
  await requestMagicLink({
    deps,
    input: {
      email: address,
      purpose: "claim",
      accountId: input.accountId,
      bookingId: booking.id,
      linkBase: input.linkBase,
    },
  });
  return { sent: true };
}

/**
 * Uses a claim link. Consumed only by the account that asked for it (DELETE … RETURNING on the
 * token and the account, so another account can neither use nor burn it); used twice, expired,
 * unknown or another account's: the same refusal. Claiming a booking the account already holds
 * answers it again; one another account took meanwhile is refused, never moved.
 */
export async function confirmClaimLink({
  deps,
  input,
}: {
  deps: Pick<MagicLinkDeps, "db" | "now">;
  input: { accountId: string; token: string };
}): Promise<Result<BookingRow>> {
  const refused = err(
    "CLAIM_LINK_INVALID",
    "This link is not valid: it was used already, has expired, is wrong, or was asked for by another account.",
  );
  if (!isLinkToken(input.token)) return refused;
  const [link] = await deps.db
    .delete(magicLinks)
    .where(
      and(
        eq(magicLinks.tokenHash, await hashSecret(input.token)),
        eq(magicLinks.purpose, "claim"),
        eq(magicLinks.accountId, input.accountId),
      ),
    )
    .returning();
  if (!link?.bookingId || link.expiresAt <= nowSeconds(deps.now)) return refused;
  const [claimed] = await deps.db
    .update(bookings)
    .set({ accountId: input.accountId })
    .where(
      and(
        eq(bookings.id, link.bookingId),
        isNull(bookings.accountId),
        isNull(bookings.personalDataErasedAt),
        // Still the address the link went to: only that inbox proves the booking.
        eq(sql`lower(trim(${bookings.contactEmail}))`, link.email),
      ),
    )
    .returning();
  if (claimed) return ok(claimed);
  const now = await deps.db.select().from(bookings).where(eq(bookings.id, link.bookingId)).get();
  if (now?.accountId === input.accountId) return ok(now);
  if (now?.accountId) return err("BOOKING_ALREADY_CLAIMED", "This booking belongs to another account.");
  return err("BOOKING_NOT_FOUND", "The booking is no longer available to claim.");
}

async function guestBooking(deps: Pick<MagicLinkDeps, "db">, reference: string) {
  const normalised = normaliseReference(reference);
  if (!normalised) return null;
  const row = await deps.db
    .select({ id: bookings.id, accountId: bookings.accountId, contactEmail: bookings.contactEmail })
    .from(bookings)
    .where(and(eq(bookings.reference, normalised), isNull(bookings.personalDataErasedAt)))
    .get();
  return row ?? null;
}
