/**
 * Typed inputs of every email edgefare sends. Callers pass data, never markup: rendering
 * (and HTML escaping) happens in one place, src/notifications/render.ts.
 */
export interface Money {
  /** Integer amount in the currency's minor units (cents, pence; yen have none). */
  minor: number;
  /** ISO 4217 code. */
  currency: string;
}

export interface PassengerName {
  givenName: string;
  familyName: string;
}

/**
 * One booked item as an email shows it: the product's snapshot, written when the booking was made
 * (src/holds/item-snapshot.ts). Emails render only this, never a product's columns.
 */
export interface EmailItem {
  /** "LHR → CDG", "Hotel Miramar, 3 nights". */
  title: string;
  /** The start's word: "Departs", "Check-in", "Starts". */
  startLabel: string;
  /** UTC epoch seconds; shown in `timezone`. */
  startsAt: number;
  /** IANA zone of the item (the origin's, the property's, the venue's). */
  timezone: string;
  location: string | null;
  /** The product's own rows, in order: [["Service", "Test Air TA 1"], ["Seats", "2"]] for a departure. */
  details: [string, string][];
  /** Cancellation emails: what this item's cancellation refunds (absent: not stated per item). */
  refund?: Money;
}

export interface BookingEmailData {
  reference: string;
  passengers: PassengerName[];
  /** In booking order; a reminder carries the one item it is about. */
  items: EmailItem[];
  total: Money;
}

/**
 * What happened to the traveller's money, stated in every booking email. The sentences are
 * rendered from this value alone, and each template accepts only the outcomes that can be true
 * for it, so an email cannot say "not charged" about a booking whose charge went through.
 */
export type MoneyOutcome =
  | { state: "not_charged" }
  | { state: "charged"; amount: Money }
  /** Charged, and the full amount is on its way back to the same payment method. */
  | { state: "refunding"; amount: Money }
  /** Charged, and part of it (what the cancelled items' terms give back) is on its way back. */
  | { state: "partly_refunding"; amount: Money; refund: Money }
  /** Charged, and the cancelled items' terms give nothing back. */
  | { state: "not_refunded"; amount: Money }
  /** The provider never answered: we cannot tell whether the amount was taken (if it was, it is refunded). */
  | { state: "unknown"; amount: Money };

export type MoneyState = MoneyOutcome["state"];

/** Booking data plus the money outcomes a template may state. */
export type BookingEmail<S extends MoneyState> = BookingEmailData & { money: Extract<MoneyOutcome, { state: S }> };

export type EmailTemplate =
  | { kind: "booking_confirmed"; data: BookingEmail<"charged"> }
  | { kind: "payment_failed"; data: BookingEmail<"not_charged"> }
  /** The hold lapsed: before any charge, or after a charge went through (then refunded). */
  | { kind: "hold_expired"; data: BookingEmail<"not_charged" | "refunding"> }
  | { kind: "booking_cancelled"; data: BookingEmail<"not_charged" | "refunding" | "partly_refunding" | "not_refunded"> }
  /** A charge we had recorded as failed (and said so) went through after all: it is refunded. */
  | { kind: "late_charge_refunded"; data: BookingEmail<"refunding"> }
  /** The provider never answered; the booking is closed and what it held released. */
  | { kind: "payment_unresolved"; data: BookingEmail<"unknown"> }
  | { kind: "booking_reminder"; data: BookingEmail<"charged"> }
  /** To the operators (ALERT_EMAIL), not a traveller: an alert opened or recovered (src/alerts). */
  | { kind: "ops_alert"; data: OpsAlertEmail }
  | AccountEmailTemplate
  | ProductNoticeTemplate;

/**
 * A product's own email about something that is not a booking (an event's waitlist: joined, an
 * offer, the event cancelled). The product writes the words; rendering and escaping stay here.
 */
export type ProductNoticeTemplate = { kind: "product_notice"; data: { subject: string; paragraphs: string[] } };

/** Emails about an account, not a booking (src/accounts): no money, no trip. */
export type AccountEmailTemplate =
  /** A single-use link: sign in (or sign up), or prove the address to claim guest bookings. */
  | { kind: "sign_in_link"; data: { url: string; expiresInMinutes: number; purpose: "sign_in" | "claim" } }
  /** `DELETE /v1/me` finished: personal data anonymised, financial records kept. */
  | { kind: "account_erased"; data: { erasedAt: number } };

/** An incident as the alert email states it. */
export interface OpsAlertEmail {
  state: "open" | "resolved";
  rule: string;
  /** One sentence: what was measured against what threshold. */
  summary: string;
  incidentId: string;
  /** Epoch ms. */
  openedAt: number;
  resolvedAt: number | null;
}

export type BookingEmailTemplate = Exclude<
  EmailTemplate,
  { kind: "ops_alert" } | AccountEmailTemplate | ProductNoticeTemplate
>;

export type EmailKind = EmailTemplate["kind"];

export const EMAIL_KINDS = [
  "booking_confirmed",
  "payment_failed",
  "hold_expired",
  "booking_cancelled",
  "late_charge_refunded",
  "payment_unresolved",
  "booking_reminder",
  "ops_alert",
  "sign_in_link",
  "account_erased",
  "product_notice",
] as const satisfies readonly EmailKind[];

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** Files sent with the message: a calendar entry (.ics), a ticket's QR image shown inline. */
  attachments?: EmailAttachment[];
}

export interface EmailAttachment {
  /** What the reader sees; sanitised and RFC 2231-encoded when sent, so any text is safe. */
  filename: string;
  /** `type/subtype` with optional parameters, e.g. `text/calendar; charset=utf-8; method=PUBLISH`. */
  contentType: string;
  /** A string is sent as its UTF-8 bytes. */
  content: string | Uint8Array;
  /** Default "attachment"; "inline" with a contentId is an image the HTML shows as `cid:<contentId>`. */
  disposition?: "attachment" | "inline";
  /** Without angle brackets; letters, digits and `.@_-` only. */
  contentId?: string;
}
