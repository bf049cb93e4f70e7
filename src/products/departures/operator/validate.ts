import { err, ok, type Result } from "../../../lib/result";
import { localDate } from "../../../lib/time";
import { getPlace } from "../../../places/catalog";
import type { Cabin } from "../schema";

export interface NewDeparture {
  id?: string;
  mode: "flight" | "rail" | "bus" | "ferry";
  operator: string;
  number: string;
  originCode: string;
  destinationCode: string;
  /** Epoch seconds. */
  departsAt: number;
  arrivesAt: number;
  fares: { cabin: Cabin; capacity: number; priceMinor: number; currency: string }[];
}

/** Rules an operator's departure must meet beyond its JSON shape. Index is the item's position in the batch. */
export function checkNewDeparture(d: NewDeparture, index: number, nowMs: number): Result<{ serviceDate: string }> {
  const at = (field: string) => `departures[${index}].${field}`;
  const origin = getPlace(d.originCode);
  const destination = getPlace(d.destinationCode);
  if (!origin) return err("UNKNOWN_PLACE", `${at("origin")}: no place has the code '${d.originCode}'.`);
  if (!destination) return err("UNKNOWN_PLACE", `${at("destination")}: no place has the code '${d.destinationCode}'.`);
  if (origin.cityCode === destination.cityCode) {
    return err(
      "SAME_ORIGIN_DESTINATION",
      `${at("destination")}: ${d.originCode} and ${d.destinationCode} are in one city.`,
    );
  }
  if (d.arrivesAt <= d.departsAt) return err("VALIDATION_FAILED", `${at("arrives_at")}: must be after departs_at.`);
  if (d.departsAt * 1000 <= nowMs) return err("DATE_IN_PAST", `${at("departs_at")}: must be in the future.`);
  const cabins = new Set(d.fares.map((f) => f.cabin));
  if (cabins.size !== d.fares.length)
    return err("VALIDATION_FAILED", `${at("fares")}: each fare class may appear once.`);
  return ok({ serviceDate: localDate(d.departsAt * 1000, origin.timezone) });
}
