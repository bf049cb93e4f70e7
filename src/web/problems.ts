import type { ErrorCode } from "../lib/error-codes";

/**
 * What a traveller reads for each problem the API can answer: what happened and what to do next.
 * Keyed by every code (a new code does not compile until it has its sentence); operator and
 * machine-only codes still get a plain sentence, since a page may meet them through a link.
 */
export const PROBLEM_SENTENCES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: "Some of what you entered is not valid. Check the highlighted fields and try again.",
  MALFORMED_JSON: "Something went wrong sending your request. Reload the page and try again.",
  UNKNOWN_PLACE: "We do not know that place. Start typing a city or station and pick one from the list.",
  SAME_ORIGIN_DESTINATION: "From and to are the same place. Choose a different destination.",
  DATE_IN_PAST: "That date has passed. Choose today or a later date.",
  DATE_TOO_FAR: "We cannot sell that far ahead yet. Choose an earlier date.",
  INVALID_PASSENGERS: "Choose between 1 and 9 travellers.",
  INVALID_CURSOR: "That page of results has expired. Start the search again.",
  INVALID_SORT: "We cannot sort results that way. Choose another order.",
  UNAUTHENTICATED: "Please sign in to continue.",
  FORBIDDEN: "You do not have access to this page.",
  NOT_FOUND: "We could not find that page. Check the address or start from the home page.",
  DEPARTURE_NOT_FOUND: "We could not find that departure. It may have been removed: search again.",
  DEPARTURE_EXISTS: "That departure already exists.",
  METHOD_NOT_ALLOWED: "That action is not available here.",
  CONFLICT: "Someone changed this at the same moment. Reload the page and try again.",
  PAYLOAD_TOO_LARGE: "What you sent is too large. Shorten it and try again.",
  UNSUPPORTED_MEDIA_TYPE: "Something went wrong sending your request. Reload the page and try again.",
  RATE_LIMITED: "You are going a little fast. Wait a few seconds and try again.",
  INSUFFICIENT_SEATS:
    "There are not enough seats left on this departure. Choose fewer travellers or another departure.",
  FARE_CLASS_NOT_FOUND: "That cabin is not sold on this departure. Choose another cabin.",
  DEPARTURE_CANCELLED: "This departure has been cancelled. Search again for another one.",
  DEPARTURE_DEPARTED: "This departure has already left. Search again for a later one.",
  INVALID_HOLD_TTL: "That hold time is not available.",
  HOLD_NOT_FOUND: "Your reservation has ended. Search again to reserve new places.",
  HOLD_EXPIRED: "Your reservation expired before checkout. Search again to reserve new places.",
  HOLD_ALREADY_EXTENDED: "Your reservation has already been extended once; complete checkout before it ends.",
  HOLD_ALREADY_CONFIRMED: "These places are already booked. Look up your booking to see it.",
  HOLD_STATE_CONFLICT: "Your reservation changed in another window. Reload the page.",
  HOLD_ID_CONFLICT: "Something went wrong reserving your places. Reload the page and try again.",
  CAPACITY_BELOW_COMMITTED: "The capacity cannot go below what is already sold or held.",
  INVENTORY_INVARIANT: "We could not complete this safely. Try again in a moment.",
  INVALID_DATE_RANGE: "The end date is before the start date. Choose the dates again.",
  DATE_RANGE_TOO_LONG: "That range is too long. Choose at most 31 days.",
  INVALID_CATEGORY: "We do not have that kind of event. Choose another category.",
  EVENT_NOT_FOUND: "We could not find that event. It may have been removed: search again.",
  EVENT_CANCELLED:
    "This event has been cancelled, so no tickets are sold. If you had tickets, your refund is on its way.",
  SALES_CLOSED: "Ticket sales for this have closed.",
  TIER_NOT_FOUND: "This event does not sell that kind of ticket. Choose one of its tickets.",
  TIER_EXISTS: "This event already has a ticket type with that id. Choose another id.",
  INSUFFICIENT_TICKETS: "There are not enough tickets left. Choose fewer, or join the waitlist.",
  TIER_NOT_SOLD_OUT: "Tickets are still on sale: book them now instead of joining the waitlist.",
  WAITLIST_ENTRY_NOT_FOUND: "We could not find that waitlist place. It may have ended already.",
  WAITLIST_FULL: "The waitlist for these tickets is full. Try another ticket type or check back later.",
  DEAD_LETTER_NOT_FOUND: "That message is no longer waiting.",
  DEAD_LETTER_ALREADY_REPLAYED: "That message has already been sent again.",
  QUEUE_UNAVAILABLE: "We could not queue that right now. Try again in a moment.",
  IDEMPOTENCY_KEY_INVALID: "Something went wrong sending your request. Reload the page and try again.",
  IDEMPOTENCY_KEY_REUSED: "This page was submitted twice with different details. Reload the page and try again.",
  IDEMPOTENCY_REQUEST_IN_PROGRESS:
    "Your request is still being processed. Wait a moment; there is no need to submit again.",
  PASSENGER_COUNT_MISMATCH: "Enter one traveller for each reserved place.",
  TOO_MANY_ITEMS: "A booking can hold at most 8 items. Book the rest separately.",
  DUPLICATE_UNIT: "Two of your choices are for the same departure, property or event. Keep one of them.",
  CURRENCY_MISMATCH: "Your choices are priced in different currencies. Book them separately.",
  BOOKING_ITEM_NOT_FOUND: "That part of your booking could not be found. Reload your booking and try again.",
  HOLD_ALREADY_BOOKED: "These places are already booked. Look up your booking to see it.",
  BOOKING_NOT_FOUND: "We could not find a booking with that reference and name. Check both and try again.",
  BOOKING_NOT_CANCELLABLE: "This booking can no longer be cancelled.",
  PAYMENTS_UNAVAILABLE: "Payments are unavailable right now. Nothing was charged; try again in a few minutes.",
  WEBHOOK_SIGNATURE_INVALID: "That notification could not be verified.",
  WEBHOOKS_UNAVAILABLE: "Notifications are unavailable right now.",
  CHECK_OUT_BEFORE_CHECK_IN: "Check-out must be after check-in. Choose the dates again.",
  STAY_TOO_LONG: "Stays can be at most 30 nights. Choose a shorter stay.",
  TOO_FEW_ADULTS: "Each room needs at least one adult.",
  TOO_MANY_GUESTS: "That is more guests than the rooms can hold. Add a room or choose fewer guests.",
  PROPERTY_NOT_FOUND: "We could not find that property. It may have been removed: search again.",
  ROOM_TYPE_NOT_FOUND: "That room type is not offered at this property. Choose another room.",
  WAITING_ROOM_REQUIRED: "This sale is busy, so places are given out in order. Join the line to get your turn.",
  WAITING_ROOM_NOT_YET: "You are in line. Your turn has not come yet; this page tells you when it does.",
  WAITING_ROOM_PASS_INVALID: "Your place in line is not valid for this sale. Join the line again.",
  WAITING_ROOM_PASS_EXPIRED: "Your turn came and went. Join the line again to get a new place.",
  WAITING_ROOM_NOT_FOUND: "There is no line for this sale any more: you can reserve directly.",
  WAITING_ROOM_FULL: "The line for this sale is full. Try again later.",
  WAITING_ROOM_UNAVAILABLE: "The line for this sale cannot be opened right now.",
  INTERNAL: "Something went wrong on our side. Nothing was charged; try again in a moment.",
  ORIGIN_UNAVAILABLE: "Results are unavailable right now. Try again in a moment.",
  RETURN_BEFORE_OUTBOUND: "The return date is before the outbound date. Choose the dates again.",
  SALES_NOT_OPEN: "Sales have not opened yet. Come back when they open.",
  ORDER_LIMIT_EXCEEDED: "That is more than one order may take. Choose fewer.",
  POOL_NOT_FOUND: "That option is not sold here. Choose another one.",
  METRICS_UNAVAILABLE: "Metrics are unavailable right now. Try again in a minute.",
  INSUFFICIENT_SCOPE: "This API key is not allowed to do that. Use a key with the right scope.",
  SESSION_REQUIRED: "Please sign in to do this.",
  CROSS_SITE_REQUEST: "This request did not come from our site. Reload the page and try again.",
  MAGIC_LINK_INVALID: "This sign-in link has expired or was already used. Ask for a new one.",
  PASSKEY_REJECTED: "Your passkey could not be checked. Try again, or sign in with an email link.",
  CHALLENGE_INVALID: "That passkey attempt has expired. Try again.",
  ACCOUNT_NOT_FOUND: "We could not find that account.",
  SESSION_NOT_FOUND: "That session has already ended.",
  API_KEY_NOT_FOUND: "We could not find that API key.",
  UNIT_NOT_FOUND: "We could not find that departure, property or event.",
  PROPERTY_CLOSED: "This property no longer takes bookings. Search again for another place to stay.",
  INSUFFICIENT_ROOMS:
    "There are not enough rooms left for those dates. Choose fewer rooms, other dates or another room.",
  NIGHTS_NOT_CONSECUTIVE: "A stay's nights must follow each other. Check your dates and try again.",
  NIGHT_CLOSED: "This room is not available on one of your nights. Choose other dates or another room.",
  CLOSED_TO_ARRIVAL: "The property takes no arrivals on that day. Choose another check-in date.",
  MIN_STAY_NOT_MET: "Your stay is shorter than the minimum stay for those dates. Add nights or choose other dates.",
  BOOKING_ALREADY_CLAIMED: "This booking is already linked to another account.",
  ACCOUNT_HAS_UPCOMING_BOOKINGS:
    "You still have trips or stays to come. Cancel them, or wait until they are over, then delete your account.",
  TICKET_INVALID: "This ticket code is not valid. Show the code from your confirmation email.",
  TICKET_SCAN_TIME_INVALID: "The scan time is not valid. Check the scanner's clock.",
  TICKET_NOT_FOUND: "We could not find this ticket. Show the code from your confirmation email.",
  TICKET_WRONG_EVENT: "This ticket is for another event. Check the event and date on your ticket.",
  TICKET_VOID: "This ticket has been cancelled and cannot be used.",
  TICKET_ALREADY_CHECKED_IN: "This ticket has already been used to enter.",
  TICKETS_UNAVAILABLE: "Tickets cannot be checked right now. Try again in a moment.",
  TRIP_NOT_FOUND: "We could not find that trip. It may have ended: plan it again.",
  TRIP_EXPIRED: "Your trip's reservation expired before checkout. Plan it again to reserve new places.",
  TRIP_ITEM_REFUSED:
    "One part of your trip is no longer available, so nothing was reserved. Change that part and try again.",
  TRIP_ITEM_COUNT: "A trip has between 2 and 6 parts. Add or remove a part.",
  TRIP_DUPLICATE_UNIT: "Two parts of your trip are the same departure, property or event. Combine them into one.",
  TRIP_CURRENCY_MISMATCH: "The parts of your trip are priced in different currencies, so they cannot be paid together.",
  TRIP_STATE_CONFLICT: "Your trip changed in another window. Reload the page.",
  CLAIM_LINK_INVALID:
    "This link has expired, was already used, or was sent for another account. Sign in with the account that asked and ask again.",
};

export interface PageProblem {
  sentence: string;
  code: string;
  status: number;
  fields: { field: string; message: string }[];
}

/** The traveller's sentence for an API problem body (anything unexpected reads as INTERNAL). */
export function pageProblem(status: number, body: unknown): PageProblem {
  const problem = (typeof body === "object" && body !== null ? body : {}) as {
    code?: string;
    errors?: { field: string; message: string }[];
  };
  const code = problem.code && problem.code in PROBLEM_SENTENCES ? (problem.code as ErrorCode) : "INTERNAL";
  return { sentence: PROBLEM_SENTENCES[code], code, status, fields: problem.errors ?? [] };
}
