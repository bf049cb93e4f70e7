import type { CursorPosition } from "./cursor";
import type { RouteDaySnapshot, SnapshotDeparture, SnapshotFare } from "./snapshot";
import type { Offer, SearchInput, Segment, SortOrder } from "./types";

/** Every offer of a snapshot that fits the request, in the requested order. Pure. */
export function matchingOffers(snapshot: RouteDaySnapshot, input: SearchInput, nowMs: number): Offer[] {
  const nowSeconds = Math.floor(nowMs / 1000);
  const offers: Offer[] = [];
  for (const dep of snapshot.departures) {
    if (dep.status === "cancelled" || dep.departsAt <= nowSeconds) continue;
    if (input.modes && !input.modes.includes(dep.mode)) continue;
    for (const fare of dep.fares) {
      if (input.cabin && fare.cabin !== input.cabin) continue;
      if (fare.seatsAvailable < input.passengers) continue;
      offers.push(toOffer(dep, fare, input.passengers));
    }
  }
  return sortOffers(offers, input.sort);
}

/** The one total order of a result list: the sort key, then the offer id (what cursors hold). */
export function sortOffers(offers: Offer[], sort: SortOrder): Offer[] {
  return offers.sort((a, b) => sortKey(a, sort) - sortKey(b, sort) || compareIds(a.id, b.id));
}

export function sortKey(offer: Offer, sort: SortOrder): number {
  switch (sort) {
    case "price":
      return offer.totalPrice.amountMinor;
    case "duration":
      return offer.durationMinutes;
    case "departure":
      return offer.departsAt;
  }
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The page after `after` (exclusive), in the same total order as matchingOffers. */
export function pageAfter(
  offers: Offer[],
  sort: SortOrder,
  after: CursorPosition | null,
  limit: number,
): { page: Offer[]; hasMore: boolean } {
  const start = after
    ? offers.findIndex((o) => {
        const k = sortKey(o, sort);
        return k > after.key || (k === after.key && compareIds(o.id, after.offerId) > 0);
      })
    : 0;
  if (start === -1) return { page: [], hasMore: false };
  const page = offers.slice(start, start + limit);
  return { page, hasMore: start + limit < offers.length };
}

export function toSegment(dep: SnapshotDeparture): Segment {
  return {
    departureId: dep.id,
    mode: dep.mode,
    operator: dep.operator,
    number: dep.number,
    origin: dep.origin,
    destination: dep.destination,
    departsAt: dep.departsAt,
    arrivesAt: dep.arrivesAt,
    durationMinutes: dep.durationMinutes,
    status: dep.status,
  };
}

function toOffer(dep: SnapshotDeparture, fare: SnapshotFare, passengers: number): Offer {
  return {
    id: `off_${dep.id.replace(/^dep_/, "")}_${fare.cabin}`,
    departureId: dep.id,
    cabin: fare.cabin,
    segments: [toSegment(dep)],
    departsAt: dep.departsAt,
    arrivesAt: dep.arrivesAt,
    durationMinutes: dep.durationMinutes,
    pricePerPassenger: { amountMinor: fare.priceMinor, currency: fare.currency },
    totalPrice: { amountMinor: fare.priceMinor * passengers, currency: fare.currency },
    seatsLeft: fare.seatsAvailable,
    connections: 0,
    layoverMinutes: null,
  };
}
