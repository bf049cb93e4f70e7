import { foldCompact } from "../lib/fold";

/**
 * The rule `family_name_folded` was written with before the shared one: the same steps without
 * the last, so it kept the letters NFKD does not decompose (ø, æ, œ, ł, đ, ð, þ, ħ, ŧ, and ẞ as
 * ß): "Ørsted" was stored as "ørsted". Names without those letters fold the same under both. Lookups compare under both rules, so those bookings are still found as they were
 * before (by "Ørsted"; "Orsted" finds only bookings made since). Remove once no booking made
 * before the change can still be looked up.
 */
export function legacyFoldName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Every folded form a stored booking may have for this name (`family_name_folded` is foldCompact's). */
export function storedNameForms(name: string): string[] {
  return [...new Set([foldCompact(name), legacyFoldName(name)])];
}
