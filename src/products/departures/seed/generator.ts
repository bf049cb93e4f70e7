import { stableId, streamFor } from "../../../lib/prng.ts";
import { addDays, createLocalClock, dateToEpoch, weekday } from "../../../lib/time.ts";
import { countryProfile } from "../../../places/countries.ts";
import { priceMinor } from "./fares.ts";
import { buildRoutes } from "./network.ts";
import { buildServices, type Service } from "./timetable.ts";
import type { GeneratedDeparture, ScheduleOptions, SeedSize } from "./types.ts";

/**
 * The small seed is the full network cut down to these cities (every mode between them, at full
 * frequency): London, Paris, Dover, Calais, Helsinki, Tallinn, New York, Tokyo. It is an exact
 * subset of the large seed: same services, same ids.
 */
export const SMALL_CITY_CODES: readonly string[] = ["LON", "PAR", "DVR", "CQF", "HEL", "TLL", "NYC", "TYO"];

export function buildNetwork(seed: number, size: SeedSize): Service[] {
  const services = buildServices(buildRoutes(), seed);
  if (size === "large") return services;
  const small = new Set(SMALL_CITY_CODES);
  return services.filter((s) => small.has(s.origin.cityCode) && small.has(s.destination.cityCode));
}

function checkOptions({ seed, startDate, days }: ScheduleOptions): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate) || Number.isNaN(dateToEpoch(startDate))) {
    throw new RangeError(`startDate must be YYYY-MM-DD, got ${startDate}`);
  }
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
}

/**
 * Yields every departure (with its fare classes) from startDate for `days` days, day by day.
 * A generator so a 100k-departure schedule streams to SQL without being held in memory.
 * Deterministic: the same options give the same rows, and ids depend only on service and date,
 * so re-running the seed replaces rows instead of duplicating them.
 */
export function* generateSchedule(options: ScheduleOptions): Generator<GeneratedDeparture> {
  checkOptions(options);
  const { seed, startDate, days, size } = options;
  const services = buildNetwork(seed, size).map((service) => ({
    service,
    money: countryProfile(service.origin.country),
  }));
  const toUtc = createLocalClock();
  // Rows are stamped with the start date, not the wall clock, so output stays reproducible.
  const updatedAt = dateToEpoch(startDate);
  for (let day = 0; day < days; day++) {
    const serviceDate = addDays(startDate, day);
    const dayBit = 1 << weekday(serviceDate);
    for (const { service: s, money } of services) {
      if ((s.weekdays & dayBit) === 0) continue;
      const id = stableId("dep", `${s.number}|${s.origin.code}|${s.destination.code}|${serviceDate}`);
      const departsAt = toUtc(s.origin.timezone, serviceDate, s.departMinutes);
      const rng = streamFor(seed, id);
      const localHour = Math.floor(s.departMinutes / 60);
      yield {
        departure: {
          id,
          mode: s.mode,
          operator: s.operator,
          number: s.number,
          originCode: s.origin.code,
          destinationCode: s.destination.code,
          serviceDate,
          departsAt,
          arrivesAt: departsAt + s.durationMinutes * 60,
          durationMinutes: s.durationMinutes,
          status: "scheduled",
          updatedAt,
        },
        fares: s.fares.map((f) => ({
          departureId: id,
          cabin: f.cabin,
          capacity: f.capacity,
          priceMinor: priceMinor(f.baseEur, { daysAhead: day, localHour, rng, currency: money }),
          currency: money.currency,
          seatsAvailable: f.capacity,
          updatedAt,
        })),
      };
    }
  }
}
