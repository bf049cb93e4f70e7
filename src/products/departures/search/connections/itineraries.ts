import { getPlace } from "../../../../places/catalog";
import { itineraryId } from "../../itinerary-id";
import type { Cabin } from "../../schema/cabins";
import { toSegment } from "../offers";
import type { SnapshotDeparture, SnapshotFare } from "../snapshot";
import type { Offer, SearchInput } from "../types";
import { CONNECTION_RULES, type ConnectionPlace, minimumConnectionMinutes } from "./rules";

export interface HubLegs {
  /** Departures from the origin to the hub city on the search date. */
  first: readonly SnapshotDeparture[];
  /** Departures from the hub city to the destination, over the hub's dates a connection can reach. */
  second: readonly SnapshotDeparture[];
}

type PlaceLookup = (code: string) => ConnectionPlace | undefined;

/**
 * Every one-connection itinerary through one hub that fits the request: both segments bookable
 * (not cancelled, not yet left, the mode asked for, seats for every passenger) in one cabin and
 * one currency, and a layover between the connection's minimum and CONNECTION_RULES'
 * maximum. Unsorted. Pure.
 */
export function connectingOffers(
  legs: HubLegs,
  input: SearchInput,
  nowMs: number,
  placeOf: PlaceLookup = getPlace,
): Offer[] {
  const usable = (d: SnapshotDeparture) =>
    d.status !== "cancelled" && d.departsAt * 1000 > nowMs && (!input.modes || input.modes.includes(d.mode));
  const seconds = legs.second.filter(usable);
  const offers: Offer[] = [];
  for (const a of legs.first) {
    const arrive = placeOf(a.destination);
    if (!arrive || !usable(a)) continue;
    for (const b of seconds) {
      const depart = placeOf(b.origin);
      const minimum = depart && minimumConnectionMinutes(arrive, depart);
      const layover = (b.departsAt - a.arrivesAt) / 60;
      if (minimum == null || layover < minimum || layover > CONNECTION_RULES.maxLayoverMinutes) continue;
      for (const fa of a.fares) {
        const fb = b.fares.find((f) => f.cabin === fa.cabin && f.currency === fa.currency);
        if (!fb || !fits(fa, input) || !fits(fb, input)) continue;
        offers.push(itinerary(a, b, fa.cabin, [fa, fb], input.passengers, layover));
      }
    }
  }
  return offers;
}

const fits = (fare: SnapshotFare, input: SearchInput) =>
  (!input.cabin || fare.cabin === input.cabin) && fare.seatsAvailable >= input.passengers;

function itinerary(
  a: SnapshotDeparture,
  b: SnapshotDeparture,
  cabin: Cabin,
  fares: [SnapshotFare, SnapshotFare],
  passengers: number,
  layoverMinutes: number,
): Offer {
  const perPassenger = fares[0].priceMinor + fares[1].priceMinor;
  const currency = fares[0].currency;
  return {
    id: itineraryId({ cabin, departureIds: [a.id, b.id] }),
    departureId: null,
    cabin,
    segments: [toSegment(a), toSegment(b)],
    departsAt: a.departsAt,
    arrivesAt: b.arrivesAt,
    durationMinutes: Math.round((b.arrivesAt - a.departsAt) / 60),
    pricePerPassenger: { amountMinor: perPassenger, currency },
    totalPrice: { amountMinor: perPassenger * passengers, currency },
    seatsLeft: Math.min(fares[0].seatsAvailable, fares[1].seatsAvailable),
    connections: 1,
    layoverMinutes: Math.round(layoverMinutes),
  };
}
