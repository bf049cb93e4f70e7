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

// Folding every name once at module load keeps each request a plain scan over ~300 short strings.
const INDEX: readonly IndexedCity[] = CITIES.map((city) => ({
  city,
  self: searchable(city.code, city.name),
  foldedName: foldWords(city.name),
  places: city.places.map((place) => ({ place, search: searchable(place.code, place.name) })),
}));

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
  const q = foldWords(query);
  if (q.length === 0 || limit <= 0) return [];
  const qCode = q.replaceAll(" ", "").toUpperCase();
  const groups: Group[] = [];
  for (const entry of INDEX) {
    const group = groupFor(entry, q, qCode);
    if (group) groups.push(group);
  }
  groups.sort((a, b) => a.rank - b.rank || cmp(a.sortName, b.sortName) || cmp(a.code, b.code));
  return groups.flatMap((g) => g.items).slice(0, limit);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
