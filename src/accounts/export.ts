import { asc, eq, inArray, or } from "drizzle-orm";
import type { Database } from "../db/client";
import {
  accounts,
  accountTrips,
  apiKeys,
  bookingEvents,
  bookingItems,
  bookingPassengers,
  bookings,
  emailOutbox,
  inventoryOwners,
  passkeys,
  payments,
  sessions,
} from "../db/schema";

/**
 * Everything stored about an account, for `GET /v1/me/export` (GDPR art. 15 and 20). Secrets
 * stay out: session token hashes, key secret hashes, booking owner-token hashes, payment tokens,
 * and the bodies of sign-in emails (each holds a link that signs in). What is not linked to the
 * account is not here: sign-in attempts are counted under a SHA-256 of the address only.
 */
export async function exportAccount(db: Database, accountId: string) {
  const account = await db.select().from(accounts).where(eq(accounts.id, accountId)).get();
  if (!account) return null;
  // Subqueries, not id lists: D1 binds at most 100 parameters per statement.
  const mine = db.select({ id: bookings.id }).from(bookings).where(eq(bookings.accountId, accountId));
  const [
    sessionRows,
    keyRows,
    passkeyRows,
    owned,
    tripRows,
    bookingRows,
    items,
    passengers,
    paymentRows,
    events,
    emails,
  ] = await Promise.all([
    db.select().from(sessions).where(eq(sessions.accountId, accountId)).orderBy(asc(sessions.createdAt)),
    db.select().from(apiKeys).where(eq(apiKeys.accountId, accountId)).orderBy(asc(apiKeys.createdAt)),
    db.select().from(passkeys).where(eq(passkeys.accountId, accountId)).orderBy(asc(passkeys.createdAt)),
    db.select().from(inventoryOwners).where(eq(inventoryOwners.accountId, accountId)),
    db.select().from(accountTrips).where(eq(accountTrips.accountId, accountId)).orderBy(asc(accountTrips.createdAt)),
    db.select().from(bookings).where(eq(bookings.accountId, accountId)).orderBy(asc(bookings.createdAt)),
    db.select().from(bookingItems).where(inArray(bookingItems.bookingId, mine)).orderBy(asc(bookingItems.position)),
    db
      .select()
      .from(bookingPassengers)
      .where(inArray(bookingPassengers.bookingId, mine))
      .orderBy(asc(bookingPassengers.position)),
    db.select().from(payments).where(inArray(payments.bookingId, mine)).orderBy(asc(payments.createdAt)),
    db.select().from(bookingEvents).where(inArray(bookingEvents.bookingId, mine)).orderBy(asc(bookingEvents.id)),
    db
      .select()
      .from(emailOutbox)
      .where(or(eq(emailOutbox.toAddress, account.email), inArray(emailOutbox.bookingId, mine)))
      .orderBy(asc(emailOutbox.createdAt)),
  ]);
  const iso = (s: number | null) => (s === null ? null : new Date(s * 1000).toISOString());
  const of = <T extends { bookingId: string | null }>(rows: T[], id: string) => rows.filter((r) => r.bookingId === id);
  return {
    account: { id: account.id, email: account.email, role: account.role, created_at: iso(account.createdAt) },
    inventory_owned: owned.map((o) => o.unitId),
    /** Trips created signed in (their items live in the trip, GET /v1/trips/{id}, while it is kept). */
    trips: tripRows.map((t) => ({ id: t.tripId, created_at: iso(t.createdAt) })),
    sessions: sessionRows.map((s) => ({
      id: s.id,
      kind: s.kind,
      user_agent: s.userAgent,
      created_at: iso(s.createdAt),
      last_seen_at: iso(s.lastSeenAt),
      expires_at: iso(s.expiresAt),
    })),
    api_keys: keyRows.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      scopes: k.scopes,
      rate_limit_per_minute: k.rateLimitPerMinute,
      created_at: iso(k.createdAt),
      last_used_at: iso(k.lastUsedAt),
      expires_at: iso(k.expiresAt),
      revoked_at: iso(k.revokedAt),
    })),
    passkeys: passkeyRows.map((p) => ({
      id: p.id,
      public_key: JSON.parse(p.publicKey) as Record<string, unknown>,
      counter: p.counter,
      created_at: iso(p.createdAt),
      last_used_at: iso(p.lastUsedAt),
    })),
    bookings: bookingRows.map((b) => ({
      id: b.id,
      reference: b.reference,
      status: b.status,
      total_price: { amount_minor: b.totalMinor, currency: b.currency },
      contact_email: b.contactEmail,
      payment_method: b.paymentMethod,
      payment_state: b.paymentState,
      created_at: iso(b.createdAt),
      updated_at: iso(b.updatedAt),
      personal_data_erased_at: iso(b.personalDataErasedAt),
      items: of(items, b.id).map((i) => ({
        id: i.id,
        product: i.product,
        unit_id: i.unitId,
        status: i.status,
        quantity: i.quantity,
        total_price: { amount_minor: i.totalMinor, currency: i.currency },
        starts_at: iso(i.startsAt),
        ends_at: iso(i.endsAt),
        timezone: i.timezone,
        snapshot: JSON.parse(i.snapshot) as Record<string, unknown>,
      })),
      travellers: of(passengers, b.id).map((p) => ({
        given_name: p.givenName,
        family_name: p.familyName,
        birth_date: p.birthDate,
      })),
      payments: of(paymentRows, b.id).map((p) => ({
        id: p.id,
        kind: p.kind,
        status: p.status,
        amount: { amount_minor: p.amountMinor, currency: p.currency },
        provider: p.provider,
        created_at: iso(p.createdAt),
      })),
      timeline: of(events, b.id).map((e) => ({
        kind: e.kind,
        at: iso(e.at),
        detail: JSON.parse(e.detail) as Record<string, unknown>,
      })),
    })),
    emails: emails.map((e) => ({
      id: e.id,
      kind: e.kind,
      to: e.toAddress,
      subject: e.subject,
      // A sign-in email's body is a credential while its link lives: the export says it was sent, not what it said.
      text: e.kind === "sign_in_link" ? null : e.textBody,
      status: e.status,
      booking_id: e.bookingId,
      created_at: iso(e.createdAt),
      sent_at: iso(e.sentAt),
    })),
  };
}

export type AccountExport = NonNullable<Awaited<ReturnType<typeof exportAccount>>>;
