import { foldWords } from "../lib/fold.ts";
import { CITIES, type City, type Place } from "./cities.ts";

export type Suggestion =
  | { type: "city"; code: string; name: string; cityCode: string; cityName: string; country: string; timezone: string }
  | ({ type: "place" } & Place);

interface Searchable {
  code: string;
  /** The folded name, and its tails from each later word start ("st pancras international", "pancras…"). */
  tails: string[];
}

interface IndexedCity {
  city: City;
  self: Searchable;
  foldedName: string;
  places: { place: Place; search: Searchable }[];
}

const EXACT_CODE = 0;
const NAME_PREFIX = 1;
const CODE_PREFIX = 2;
const WORD_PREFIX = 3;

function searchable(code: string, name: string): Searchable {
  const folded = foldWords(name);
  const tails = [folded];
  for (let i = folded.indexOf(" "); i !== -1; i = folded.indexOf(" ", i + 1)) tails.push(folded.slice(i + 1));
  return { code, tails };
}

// Folding every name once at module load keeps each request a plain scan over a few short strings.
const INDEX: readonly IndexedCity[] = CITIES.map((city) => ({
  city,
  self: searchable(city.code, city.name),
  foldedName: foldWords(city.name),
  places: city.places.map((place) => ({ place, search: searchable(place.code, place.name) })),
}));

/**
 * Prefix index: each city under the first one and the first two characters of every string a
 * query can match in it (its own and its places' folded names and their word tails, their codes
 * lowercased). A query is ranked against its bucket only, a handful of cities instead of every
 * one; what the scan would return is unchanged (test/places-catalogue.test.ts compares both).
 */
const BY_PREFIX = new Map<string, IndexedCity[]>();
for (const entry of INDEX) {
  const strings = [entry.self, ...entry.places.map((p) => p.search)].flatMap((s) => [...s.tails, s.code.toLowerCase()]);
  const keys = new Set(strings.flatMap((text) => [text.slice(0, 1), text.slice(0, 2)]).filter((k) => k.length > 0));
  for (const key of keys) {
    const bucket = BY_PREFIX.get(key);
    if (bucket) bucket.push(entry);
    else BY_PREFIX.set(key, [entry]);
  }
}

/** The cities a query can match: its name prefix's bucket and its code prefix's (spaces dropped). */
function candidates(q: string, qCode: string): readonly IndexedCity[] {
  const keys = new Set([q.slice(0, 2), qCode.toLowerCase().slice(0, 2)]);
  if (keys.size === 1) return BY_PREFIX.get(q.slice(0, 2)) ?? [];
  const wanted = new Set([...keys].flatMap((k) => BY_PREFIX.get(k) ?? []) as IndexedCity[]);
  return INDEX.filter((entry) => wanted.has(entry));
}

function rank(entry: Searchable, q: string, qCode: string): number | null {
  if (entry.code === qCode) return EXACT_CODE;
  if (entry.tails[0]?.startsWith(q)) return NAME_PREFIX;
  if (qCode.length > 0 && entry.code.startsWith(qCode)) return CODE_PREFIX;
  for (let i = 1; i < entry.tails.length; i++) if (entry.tails[i]?.startsWith(q)) return WORD_PREFIX;
  return null;
}

function citySuggestion(city: City): Suggestion {
  const { code, name, country, timezone } = city;
  return { type: "city", code, name, cityCode: code, cityName: name, country, timezone };
}

interface Group {
  rank: number;
  sortName: string;
  code: string;
  items: Suggestion[];
}

function groupFor(entry: IndexedCity, q: string, qCode: string): Group | null {
  const cityRank = rank(entry.self, q, qCode);
  const matches = entry.places
    .map(({ place, search }, order) => ({ place, order, rank: rank(search, q, qCode) }))
    .filter((m): m is { place: Place; order: number; rank: number } => m.rank !== null);
  if (cityRank === null && matches.length === 0) return null;
  const best = Math.min(cityRank ?? WORD_PREFIX, ...matches.map((m) => m.rank));
  const base = { rank: best, sortName: entry.foldedName, code: entry.city.code };
  if (cityRank !== null) {
    // The city matched: offer it (when it has a choice of places) and then every place in it.
    const places: Suggestion[] = entry.city.places.map((p) => ({ type: "place", ...p }));
    return { ...base, items: entry.city.places.length > 1 ? [citySuggestion(entry.city), ...places] : places };
  }
  matches.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return { ...base, items: matches.map((m) => ({ type: "place", ...m.place })) };
}

/**
 * Autocomplete over codes, city names and place names: prefix matches, accent- and
 * case-insensitive. Exact codes rank first, then name prefixes, code prefixes, word prefixes;
 * a matching city comes before its places. Ties break on the city name, so the order is stable.
 */
export function suggestPlaces(query: string, limit = 10): Suggestion[] {
  return suggestAmong(query, limit, candidates);
}

/** The same answer from a scan of every city: what the prefix index must agree with (its test). */
export function suggestPlacesByScan(query: string, limit = 10): Suggestion[] {
  return suggestAmong(query, limit, () => INDEX);
}

function suggestAmong(
  query: string,
  limit: number,
  among: (q: string, qCode: string) => readonly IndexedCity[],
): Suggestion[] {
  const q = foldWords(query);
  if (q.length === 0 || limit <= 0) return [];
  const qCode = q.replaceAll(" ", "").toUpperCase();
  const groups: Group[] = [];
  for (const entry of among(q, qCode)) {
    const group = groupFor(entry, q, qCode);
    if (group) groups.push(group);
  }
  groups.sort((a, b) => a.rank - b.rank || cmp(a.sortName, b.sortName) || cmp(a.code, b.code));
  return groups.flatMap((g) => g.items).slice(0, limit);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
