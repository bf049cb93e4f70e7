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
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  CONFLICT: { status: 409, title: "Conflict" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "The request body is too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported content type" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  INTERNAL: { status: 500, title: "Internal error" },
  ORIGIN_UNAVAILABLE: { status: 503, title: "The origin database is unavailable" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;
