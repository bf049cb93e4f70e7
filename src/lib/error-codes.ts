/**
 * The stable, documented error codes. Clients switch on `code`; titles and statuses live here
 * so every route answers the same problem for the same failure.
 */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: { status: 400, title: "The request is not valid" },
  MALFORMED_JSON: { status: 400, title: "The request body is not valid JSON" },
  UNKNOWN_PLACE: { status: 400, title: "Unknown place code" },
  SAME_ORIGIN_DESTINATION: { status: 400, title: "Origin and destination are the same place" },
  DATE_IN_PAST: { status: 400, title: "The date is in the past" },
  DATE_TOO_FAR: { status: 400, title: "The date is too far ahead" },
  INVALID_PASSENGERS: { status: 400, title: "Passengers out of range" },
  INVALID_CURSOR: { status: 400, title: "The pagination cursor is not valid" },
  INVALID_SORT: { status: 400, title: "Unknown sort order" },
  UNAUTHENTICATED: { status: 401, title: "Authentication required" },
  FORBIDDEN: { status: 403, title: "Not allowed" },
  NOT_FOUND: { status: 404, title: "Not found" },
  DEPARTURE_NOT_FOUND: { status: 404, title: "Departure not found" },
  DEPARTURE_EXISTS: { status: 409, title: "A departure with this id exists already" },
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  CONFLICT: { status: 409, title: "Conflict" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "The request body is too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported content type" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  // Inventory and holds (docs/inventory.md).
  INSUFFICIENT_SEATS: { status: 409, title: "Not enough seats left" },
  FARE_CLASS_NOT_FOUND: { status: 404, title: "The departure does not sell this cabin" },
  DEPARTURE_CANCELLED: { status: 409, title: "The departure is cancelled" },
  DEPARTURE_DEPARTED: { status: 409, title: "The departure has already left" },
  INVALID_HOLD_TTL: { status: 400, title: "Hold duration out of range" },
  HOLD_NOT_FOUND: { status: 404, title: "Hold not found" },
  HOLD_EXPIRED: { status: 410, title: "The hold has expired" },
  HOLD_ALREADY_EXTENDED: { status: 409, title: "The hold has already been extended" },
  HOLD_ALREADY_CONFIRMED: { status: 409, title: "The hold is already confirmed for another booking" },
  HOLD_STATE_CONFLICT: { status: 409, title: "The hold's state does not allow this" },
  HOLD_ID_CONFLICT: { status: 409, title: "The hold id was already used for a different request" },
  CAPACITY_BELOW_COMMITTED: { status: 409, title: "Capacity cannot go below the seats held and sold" },
  INVENTORY_INVARIANT: { status: 500, title: "The change would break the seat invariant" },
  // Date ranges: events search (docs/events.md), a room type's calendar (docs/stays.md).
  INVALID_DATE_RANGE: { status: 400, title: "The date range ends before it starts" },
  DATE_RANGE_TOO_LONG: { status: 400, title: "The date range is too long" },
  // Events (docs/events.md).
  INVALID_CATEGORY: { status: 400, title: "Unknown event category" },
  EVENT_NOT_FOUND: { status: 404, title: "Event not found" },
  // Dead letters (docs/notifications-and-cron.md).
  DEAD_LETTER_NOT_FOUND: { status: 404, title: "Dead letter not found" },
  DEAD_LETTER_ALREADY_REPLAYED: { status: 409, title: "The dead letter was already replayed" },
  QUEUE_UNAVAILABLE: { status: 503, title: "The queue did not accept the message" },
  // Bookings, payments, idempotency (docs/bookings-and-payments.md).
  IDEMPOTENCY_KEY_INVALID: { status: 400, title: "The Idempotency-Key header is not valid" },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: "The Idempotency-Key was used for a different request" },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: { status: 409, title: "A request with this Idempotency-Key is in progress" },
  PASSENGER_COUNT_MISMATCH: { status: 400, title: "The number of passengers does not match the hold" },
  HOLD_ALREADY_BOOKED: { status: 409, title: "The hold is already used by a booking" },
  BOOKING_NOT_FOUND: { status: 404, title: "Booking not found" },
  BOOKING_NOT_CANCELLABLE: { status: 409, title: "The booking cannot be cancelled in its current status" },
  PAYMENTS_UNAVAILABLE: { status: 503, title: "Payments are not configured" },
  WEBHOOK_SIGNATURE_INVALID: { status: 400, title: "The webhook signature is not valid" },
  WEBHOOKS_UNAVAILABLE: { status: 503, title: "Webhooks are not configured" },
  // Stays (docs/stays.md).
  CHECK_OUT_BEFORE_CHECK_IN: { status: 400, title: "Check-out must be after check-in" },
  STAY_TOO_LONG: { status: 400, title: "The stay has too many nights" },
  TOO_FEW_ADULTS: { status: 400, title: "Every room needs an adult" },
  TOO_MANY_GUESTS: { status: 400, title: "More guests than the rooms hold" },
  PROPERTY_NOT_FOUND: { status: 404, title: "Property not found" },
  ROOM_TYPE_NOT_FOUND: { status: 404, title: "The property has no such room type" },
  // Operations (docs/operations.md).
  METRICS_UNAVAILABLE: { status: 503, title: "The metrics summary could not be read" },
  INTERNAL: { status: 500, title: "Internal error" },
  ORIGIN_UNAVAILABLE: { status: 503, title: "The origin database is unavailable" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;
