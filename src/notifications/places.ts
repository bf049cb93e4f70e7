/**
 * What an email needs to know about a place. Until the catalogue (src/places/catalog.ts) is
 * wired in, an unknown place shows its code and times are given in UTC, which is still correct,
 * only less friendly.
 */
export interface PlaceLabel {
  code: string;
  name: string;
  timezone: string;
}

export function placeLabel(code: string): PlaceLabel {
  return { code, name: code, timezone: "UTC" };
}
