import { getPlace } from "../places/catalog";

/** What an email needs to know about a place. */
export interface PlaceLabel {
  code: string;
  name: string;
  timezone: string;
}

/**
 * From the place catalogue. A code the catalogue does not know (a place added to D1 only) shows
 * as the bare code with times in UTC: still correct, only less friendly.
 */
export function placeLabel(code: string): PlaceLabel {
  const place = getPlace(code);
  return place
    ? { code: place.code, name: place.name, timezone: place.timezone }
    : { code, name: code, timezone: "UTC" };
}
