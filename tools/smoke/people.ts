/**
 * The people the smoke plays, each from a network of their own. Budgets are per caller network
 * (src/ratelimit/caller.ts), and a traveller, a hotel guest, a ticket buyer and an organiser are
 * not one subscriber line: played from one address, the journeys' polling spent each other's
 * `lookup` budget and steps waited out 429s (about a minute at a time) or failed on one.
 *
 * wrangler dev passes the client's CF-Connecting-IP through to the Worker; Cloudflare's edge
 * sets it itself, so this only works where it should. Addresses are from TEST-NET-3 (RFC 5737).
 */
export const PEOPLE = {
  /** The departures journey over HTTP, its crons and the final email check. */
  traveller: "203.0.113.10",
  stayGuest: "203.0.113.11",
  ticketBuyer: "203.0.113.12",
  tripPlanner: "203.0.113.13",
  /**
   * The web app's journeys in Chromium: one shopper each, as one browser session is one person.
   * Sharing an address, the faster runs spent the `lookup` budget on the earlier journeys' booking
   * pages and the sign-in page's check of /v1/me was refused (CI, 2026-11-30).
   */
  webSearcher: "203.0.113.20",
  webDeparture: "203.0.113.21",
  webStay: "203.0.113.22",
  webEvent: "203.0.113.23",
  webLive: "203.0.113.24",
  webCart: "203.0.113.25",
  webSignIn: "203.0.113.26",
  organiser: "203.0.113.30",
  /** Books at the organiser's new price and reads the event's public page. */
  consoleTraveller: "203.0.113.31",
} as const;

export type Person = keyof typeof PEOPLE;

/** The header that makes a request come from `person`'s network. */
export const fromPerson = (person: Person): Record<string, string> => ({ "CF-Connecting-IP": PEOPLE[person] });
