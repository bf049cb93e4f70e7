import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getPlace } from "../src/places/catalog";
import { itineraryId, parseItineraryId } from "../src/products/departures/itinerary-id";
import { CABINS } from "../src/products/departures/schema/cabins";
import { connectingOffers } from "../src/products/departures/search/connections/itineraries";
import {
  CONNECTION_RULES,
  type ConnectionPlace,
  minimumConnectionMinutes,
} from "../src/products/departures/search/connections/rules";
import { secondLegDates } from "../src/products/departures/search/connections/search-connections";
import type { SnapshotDeparture } from "../src/products/departures/search/snapshot";
import type { SearchInput } from "../src/products/departures/search/types";

const place = (code: string): ConnectionPlace => {
  const p = getPlace(code);
  if (!p) throw new Error(`no place ${code}`);
  return p;
};

describe("connection rules", () => {
  it("asks the same place's minimum by kind and a longer one to change place within a city", () => {
    expect(minimumConnectionMinutes(place("MAD"), place("MAD"))).toBe(60);
    expect(minimumConnectionMinutes(place("ESMAT"), place("ESMAT"))).toBe(10);
    expect(minimumConnectionMinutes(place("ESMES"), place("ESMES"))).toBe(15);
    expect(minimumConnectionMinutes(place("ESBPT"), place("ESBPT"))).toBe(30);
    expect(minimumConnectionMinutes(place("MAD"), place("ESMAT"))).toBe(120);
    expect(minimumConnectionMinutes(place("ESMAT"), place("ESMCH"))).toBe(120);
  });

  it("never pairs an airport with a ferry port, nor places of two cities", () => {
    expect(minimumConnectionMinutes(place("BCN"), place("ESBPT"))).toBeNull();
    expect(minimumConnectionMinutes(place("ESBPT"), place("BCN"))).toBeNull();
    expect(minimumConnectionMinutes(place("MAD"), place("BCN"))).toBeNull();
  });
});

// Madrid as the hub: an airport, two stations and a bus station, so every rule is reachable.
const FIRST_ARRIVALS = ["MAD", "ESMAT", "ESMES"] as const;
const SECOND_DEPARTURES = ["MAD", "ESMAT", "ESMCH", "ESMES"] as const;
const T0 = 1_900_000_000;
const NOW_MS = (T0 - 3600) * 1000;

const fareArb = fc.record({
  cabin: fc.constantFrom("economy", "business", "standard"),
  priceMinor: fc.integer({ min: 0, max: 100_000 }),
  currency: fc.constantFrom("EUR", "EUR", "EUR", "GBP"),
  seatsAvailable: fc.integer({ min: 0, max: 9 }),
});

const departureArb = (id: string, origin: readonly string[], destination: readonly string[], startMinutes: number) =>
  fc
    .record({
      origin: fc.constantFrom(...origin),
      destination: fc.constantFrom(...destination),
      startMinute: fc.integer({ min: startMinutes, max: startMinutes + 18 * 60 }),
      duration: fc.integer({ min: 30, max: 600 }),
      status: fc.constantFrom("scheduled", "scheduled", "delayed", "cancelled"),
      mode: fc.constantFrom("flight", "rail", "bus"),
      fares: fc.uniqueArray(fareArb, { minLength: 1, maxLength: 3, selector: (f) => f.cabin }),
    })
    .map(
      (d): SnapshotDeparture => ({
        id,
        mode: d.mode,
        operator: "Test",
        number: id,
        origin: d.origin,
        destination: d.destination,
        departsAt: T0 + d.startMinute * 60,
        arrivesAt: T0 + (d.startMinute + d.duration) * 60,
        durationMinutes: d.duration,
        status: d.status,
        fares: d.fares,
      }),
    );

/** Pure and fast: enough runs that a rule off by a minute is found every time. */
const RUNS = 2000;

/** Every minimum and the maximum layover, a minute either side. */
const BOUNDARY_MINUTES = [
  ...Object.values(CONNECTION_RULES.minimumMinutes),
  CONNECTION_RULES.changeOfPlaceMinutes,
  CONNECTION_RULES.maxLayoverMinutes,
].flatMap((m) => [m - 1, m, m + 1]);

/** Second legs leave at an offset from some first leg's arrival, often right at a rule's boundary. */
const legsArb = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 8 })).chain(([n, m]) =>
  fc
    .tuple(...Array.from({ length: n }, (_, i) => departureArb(`dep_first${i}`, ["LIS"], FIRST_ARRIVALS, 0)))
    .chain((first) =>
      fc.record({
        first: fc.constant(first),
        second: fc.tuple(
          ...Array.from({ length: m }, (_, i) =>
            fc
              .tuple(
                departureArb(`dep_second${i}`, SECOND_DEPARTURES, ["VIE"], 60),
                fc.nat({ max: n - 1 }),
                fc.oneof(fc.integer({ min: -20, max: 420 }), fc.constantFrom(...BOUNDARY_MINUTES)),
              )
              .map(([d, anchor, offset]): SnapshotDeparture => {
                const departsAt = (first[anchor]?.arrivesAt ?? d.departsAt) + offset * 60;
                return { ...d, departsAt, arrivesAt: departsAt + d.durationMinutes * 60 };
              }),
          ),
        ),
      }),
    ),
);

const inputArb = fc.record({
  passengers: fc.integer({ min: 1, max: 4 }),
  cabin: fc.option(fc.constantFrom(...CABINS), { nil: undefined }),
  modes: fc.option(fc.subarray(["flight", "rail", "bus"] as const, { minLength: 1 }), { nil: undefined }),
});

const searchInput = (i: { passengers: number; cabin: SearchInput["cabin"]; modes: SearchInput["modes"] }) =>
  ({
    origin: "LIS",
    destination: "VIE",
    date: "2030-03-17",
    passengers: i.passengers,
    sort: "price",
    limit: 20,
    ...(i.cabin ? { cabin: i.cabin } : {}),
    ...(i.modes ? { modes: [...i.modes] } : {}),
  }) as SearchInput;

describe("one-connection itineraries (property)", () => {
  it("never connects in less than the minimum or more than the maximum layover, and keeps segments in time order", () => {
    fc.assert(
      fc.property(legsArb, inputArb, (legs, raw) => {
        const input = searchInput(raw);
        for (const offer of connectingOffers(legs, input, NOW_MS)) {
          const [a, b] = offer.segments;
          if (!a || !b) throw new Error("an itinerary has two segments");
          const minimum = minimumConnectionMinutes(place(a.destination), place(b.origin));
          expect(minimum).not.toBeNull();
          const layover = (b.departsAt - a.arrivesAt) / 60;
          expect(layover).toBeGreaterThanOrEqual(minimum ?? Number.POSITIVE_INFINITY);
          expect(layover).toBeLessThanOrEqual(CONNECTION_RULES.maxLayoverMinutes);
          expect(a.departsAt).toBeLessThan(a.arrivesAt);
          expect(a.arrivesAt).toBeLessThan(b.departsAt);
          expect(offer.layoverMinutes).toBe(Math.round(layover));
          expect(offer.durationMinutes).toBe((b.arrivesAt - a.departsAt) / 60);
          expect(offer.departsAt).toBe(a.departsAt);
          expect(offer.arrivesAt).toBe(b.arrivesAt);
          expect(offer.connections).toBe(1);
          expect(offer.departureId).toBeNull();
          expect(parseItineraryId(offer.id)).toEqual({
            cabin: offer.cabin,
            departureIds: [a.departureId, b.departureId],
          });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("prices the whole itinerary as the sum of its segments in one cabin and currency, with the fewest seats", () => {
    fc.assert(
      fc.property(legsArb, inputArb, (legs, raw) => {
        const input = searchInput(raw);
        const byId = new Map([...legs.first, ...legs.second].map((d) => [d.id, d]));
        for (const offer of connectingOffers(legs, input, NOW_MS)) {
          const fares = offer.segments.map((s) => byId.get(s.departureId)?.fares.find((f) => f.cabin === offer.cabin));
          const [fa, fb] = fares;
          if (!fa || !fb) throw new Error("both segments sell the itinerary's cabin");
          expect(fa.currency).toBe(fb.currency);
          expect(offer.pricePerPassenger).toEqual({
            amountMinor: fa.priceMinor + fb.priceMinor,
            currency: fa.currency,
          });
          expect(offer.totalPrice.amountMinor).toBe((fa.priceMinor + fb.priceMinor) * input.passengers);
          expect(offer.seatsLeft).toBe(Math.min(fa.seatsAvailable, fb.seatsAvailable));
          expect(offer.seatsLeft).toBeGreaterThanOrEqual(input.passengers);
          if (input.cabin) expect(offer.cabin).toBe(input.cabin);
          for (const s of offer.segments) {
            expect(s.status).not.toBe("cancelled");
            if (input.modes) expect(input.modes).toContain(s.mode);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("finds every pair of segments the rules allow (a model check)", () => {
    fc.assert(
      fc.property(legsArb, inputArb, (legs, raw) => {
        const input = searchInput(raw);
        const expected: string[] = [];
        for (const a of legs.first) {
          for (const b of legs.second) {
            const minimum = minimumConnectionMinutes(place(a.destination), place(b.origin));
            const layover = (b.departsAt - a.arrivesAt) / 60;
            const bookable = (d: SnapshotDeparture) =>
              d.status !== "cancelled" && (!input.modes || input.modes.includes(d.mode));
            if (minimum === null || layover < minimum || layover > CONNECTION_RULES.maxLayoverMinutes) continue;
            if (!bookable(a) || !bookable(b)) continue;
            for (const fa of a.fares) {
              const fb = b.fares.find((f) => f.cabin === fa.cabin);
              if (!fb || fb.currency !== fa.currency || (input.cabin && fa.cabin !== input.cabin)) continue;
              if (Math.min(fa.seatsAvailable, fb.seatsAvailable) < input.passengers) continue;
              expected.push(itineraryId({ cabin: fa.cabin, departureIds: [a.id, b.id] }));
            }
          }
        }
        const found = connectingOffers(legs, input, NOW_MS).map((o) => o.id);
        expect(found.sort()).toEqual(expected.sort());
      }),
      { numRuns: RUNS },
    );
  });
});

describe("itinerary ids", () => {
  it("name their cabin and departures and read back to them", () => {
    const departureId = fc.stringMatching(/^dep_[A-Za-z0-9_-]{4,60}$/);
    fc.assert(
      fc.property(fc.constantFrom(...CABINS), fc.array(departureId, { minLength: 2, maxLength: 2 }), (cabin, ids) => {
        expect(parseItineraryId(itineraryId({ cabin, departureIds: ids }))).toEqual({ cabin, departureIds: ids });
      }),
    );
  });

  it("refuse what is not an itinerary", () => {
    for (const id of [
      "off_abc_economy",
      "itn_economy.dep_abcd",
      "itn_suite.dep_abcd.dep_efgh",
      "itn_economy.dep_a.dep_efgh",
    ]) {
      expect(parseItineraryId(id)).toBeNull();
    }
  });
});

describe("second-leg days", () => {
  const leg = (arrivesAtIso: string): SnapshotDeparture => ({
    id: "dep_x",
    mode: "flight",
    operator: "T",
    number: "T 1",
    origin: "LIS",
    destination: "MAD",
    departsAt: Date.parse(arrivesAtIso) / 1000 - 3600,
    arrivesAt: Date.parse(arrivesAtIso) / 1000,
    durationMinutes: 60,
    status: "scheduled",
    fares: [],
  });

  it("reads the hub's next day when a connection can leave after midnight there", () => {
    expect(secondLegDates([leg("2030-03-17T08:00:00Z")], "Europe/Madrid")).toEqual(["2030-03-17"]);
    expect(secondLegDates([leg("2030-03-17T08:00:00Z"), leg("2030-03-17T20:00:00Z")], "Europe/Madrid")).toEqual([
      "2030-03-17",
      "2030-03-18",
    ]);
    expect(secondLegDates([], "Europe/Madrid")).toEqual([]);
  });

  it("never reads more than three days", () => {
    const spread = [leg("2030-03-17T00:30:00Z"), leg("2030-03-19T12:00:00Z")];
    expect(secondLegDates(spread, "UTC")).toEqual(["2030-03-17", "2030-03-18", "2030-03-19"]);
  });
});
