import { freshnessOf } from "../../../cache/freshness";
import { err, ok, type Result } from "../../../lib/result";
import { daysBetween } from "../../../lib/time";
import { type SearchDeps, type SearchResult, searchTrips } from "./search-trips";
import type { SearchInput } from "./types";

export interface RoundTripInput extends SearchInput {
  returnDate: string;
  /** Pages the return list; `cursor` pages the outbound one. */
  returnCursor?: string;
}

export interface RoundTripResult {
  outbound: SearchResult;
  return: SearchResult;
}

/**
 * A round trip is two searches with the same options: outbound on `date`, and back (destination
 * to origin) on `returnDate`, each with its own list and cursor. Any outbound option combines
 * with any return option and the price is their sum: the schedule has no round-trip fares, so a
 * list of pairs would only repeat the two lists n × m times, and paging one list must not move
 * the other.
 */
export async function searchRoundTrip({
  deps,
  input,
}: {
  deps: SearchDeps;
  input: RoundTripInput;
}): Promise<Result<RoundTripResult>> {
  const { returnDate, returnCursor, cursor, ...options } = input;
  if (daysBetween(input.date, returnDate) < 0) {
    return err("RETURN_BEFORE_OUTBOUND", `The return date ${returnDate} is before the outbound date ${input.date}.`, {
      field: "return_date",
    });
  }
  const back: SearchInput = {
    ...options,
    origin: input.destination,
    destination: input.origin,
    date: returnDate,
    ...(returnCursor === undefined ? {} : { cursor: returnCursor }),
  };
  const [outbound, inbound] = await Promise.all([searchTrips({ deps, input }), searchTrips({ deps, input: back })]);
  if (!outbound.ok) return outbound;
  if (!inbound.ok) return inbound;
  return ok({ outbound: outbound.value, return: inbound.value });
}

/** One answer's freshness: as old as the older list, as slow as the slower. */
export function roundTripFreshness(result: RoundTripResult, now: number) {
  return freshnessOf([result.outbound.freshness, result.return.freshness], now);
}
