import type { Catalogue } from "./events";

/**
 * A brute-force model of event search over the seed's own rows, written apart from the code
 * under test: what a search should answer, by scanning every generated event.
 */
export interface ModelQuery {
  city: string;
  from: string;
  to: string;
  categories?: string[];
  q?: string;
  sort: "date" | "price" | "popularity";
}

export interface ModelCard {
  id: string;
  priceFrom: number;
  remaining: number;
  startsAt: number;
  popularity: number;
}

/** The text as unicode61 with remove_diacritics and the index's extra folds sees it: lower-case words without accents. */
export function words(text: string): string[] {
  const special: Record<string, string> = {
    ø: "o",
    æ: "ae",
    œ: "oe",
    ß: "ss",
    ł: "l",
    đ: "d",
    ı: "i",
    þ: "th",
    ð: "d",
  };
  return text
    .normalize("NFC")
    .replace(/[øØæÆœŒßłŁđĐıþÞðÐ]/g, (c) => special[c.toLowerCase()] ?? c)
    .split(/[^\p{L}\p{N}\p{Co}]+/u)
    .filter(Boolean)
    .map((w) => w.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase());
}

function matchesText(body: string[], q: string): boolean {
  const terms = words(q);
  if (terms.length === 0) return true;
  const folded = q.normalize("NFC");
  const prefix = /[\p{L}\p{N}\p{Co}]$/u.test(folded) && [...(terms.at(-1) ?? "")].length >= 2;
  return terms.every((t, i) =>
    i === terms.length - 1 && prefix ? body.some((w) => w.startsWith(t)) : body.includes(t),
  );
}

export function modelSearch(catalogue: Catalogue, query: ModelQuery, nowMs: number): ModelCard[] {
  const now = Math.floor(nowMs / 1000);
  const venues = new Map(catalogue.venues.map((v) => [v.id, v]));
  const cards: ModelCard[] = [];
  for (const { event, tiers } of catalogue.events) {
    if (event.cityCode !== query.city || event.status === "cancelled" || event.startsAt <= now) continue;
    if (event.localDate < query.from || event.localDate > query.to) continue;
    if (query.categories && !query.categories.includes(event.category)) continue;
    const body = words([event.name, ...event.performers, venues.get(event.venueId)?.name ?? ""].join(" "));
    if (query.q !== undefined && !matchesText(body, query.q)) continue;
    const open = tiers.filter((t) => t.remaining > 0 && Math.min(t.salesCloseAt ?? Infinity, event.salesCloseAt) > now);
    cards.push({
      id: event.id,
      priceFrom: Math.min(...(open.length > 0 ? open : tiers).map((t) => t.priceMinor)),
      remaining: tiers.reduce((n, t) => n + t.remaining, 0),
      startsAt: event.startsAt,
      popularity: event.popularity,
    });
  }
  const key = (c: ModelCard) =>
    query.sort === "date" ? c.startsAt : query.sort === "price" ? c.priceFrom : -c.popularity;
  return cards.sort((a, b) => key(a) - key(b) || (a.id < b.id ? -1 : 1));
}
