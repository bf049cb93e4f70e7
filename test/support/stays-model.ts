import { minorDigits } from "../../src/lib/currency";
import type { StaysSeed } from "../../src/products/stays/seed/types";

/**
 * A brute-force model of stays search, written apart from the product's code: night by night
 * over the generated rows, the way a person would check a stay by hand. Tests compare the API
 * with it.
 */
export interface ModelQuery {
  city: string;
  nights: string[];
  rooms: number;
  adults: number;
  children: number;
  priceMin?: number;
  priceMax?: number;
  pricePer: "night" | "total";
  stars?: number[];
  amenities?: string[];
  propertyTypes?: string[];
  sort: "price" | "stars" | "distance";
}

export interface ModelRoom {
  id: string;
  total: number;
  nightly: number[];
  roomsLeft: number;
}

export interface ModelResult {
  id: string;
  cheapest: number;
  rooms: ModelRoom[];
}

/** Advisory rows by `${roomTypeId}|${night}`. */
export type Published = Map<string, { roomsLeft: number; priceMinor: number | null }>;

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

function seasonPct(seasons: { from: string; to: string; pct: number }[], date: string): number {
  const md = date.slice(5);
  for (const s of seasons) {
    const inside = s.from <= s.to ? s.from <= md && md <= s.to : md >= s.from || md <= s.to;
    if (inside) return s.pct;
  }
  return 100;
}

function newest<T extends { id: string; createdAt: number }>(rows: T[]): T | undefined {
  return [...rows].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))[0];
}

/** One room type on one night, by hand: closures, overrides, the object's row, the rules. */
export function modelNight(data: StaysSeed, published: Published, roomTypeId: string, night: string) {
  const rt = data.roomTypes.find((r) => r.id === roomTypeId);
  const p = data.properties.find((x) => x.id === rt?.propertyId);
  if (!rt || !p) throw new Error(`no room type ${roomTypeId}`);
  return nightOf(data, published, p, rt, night);
}

function nightOf(
  data: StaysSeed,
  published: Published,
  p: StaysSeed["properties"][number],
  rt: StaysSeed["roomTypes"][number],
  night: string,
) {
  const covers = (r: { fromDate: string; toDate: string }) => r.fromDate <= night && night <= r.toDate;
  const closures = data.closures.filter(
    (c) => c.propertyId === p.id && (c.roomTypeId === null || c.roomTypeId === rt.id) && covers(c),
  );
  const overrides = data.rateOverrides.filter((o) => o.roomTypeId === rt.id && covers(o));
  const row = published.get(`${rt.id}|${night}`);
  const unit = 10 ** minorDigits(p.currency);
  const rule = (rt.baseRateMinor * (rt.weekdayPct[weekday(night)] ?? 100) * seasonPct(rt.seasons, night)) / 10_000;
  return {
    roomsLeft: row ? row.roomsLeft : rt.roomCount,
    priceMinor:
      row?.priceMinor ??
      newest(overrides.filter((o) => o.priceMinor !== null))?.priceMinor ??
      Math.max(unit, Math.round(rule / unit) * unit),
    minStay: newest(overrides.filter((o) => o.minStay !== null))?.minStay ?? rt.minStay,
    closed: p.status === "closed" || closures.some((c) => c.kind === "closed"),
    closedToArrival:
      closures.some((c) => c.kind === "no_arrival") || ((rt.closedToArrival >> weekday(night)) & 1) === 1,
  };
}

export function modelSearch(data: StaysSeed, published: Published, q: ModelQuery): ModelResult[] {
  const results: ModelResult[] = [];
  for (const p of data.properties) {
    if (p.cityCode !== q.city || p.status !== "open") continue;
    if (q.stars && !q.stars.includes(p.stars)) continue;
    if (q.propertyTypes && !q.propertyTypes.includes(p.propertyType)) continue;
    if (q.amenities?.some((a) => !(p.amenities as string[]).includes(a))) continue;
    const rooms: ModelRoom[] = [];
    for (const rt of data.roomTypes) {
      if (rt.propertyId !== p.id) continue;
      const fits =
        q.adults >= q.rooms &&
        q.adults <= q.rooms * rt.maxAdults &&
        q.adults + q.children <= q.rooms * (rt.maxAdults + rt.maxChildren);
      if (!fits) continue;
      let sellable = true;
      let roomsLeft = Number.POSITIVE_INFINITY;
      const nightly: number[] = [];
      for (const [i, night] of q.nights.entries()) {
        const n = nightOf(data, published, p, rt, night);
        if (n.closed || n.roomsLeft < q.rooms) sellable = false;
        if (i === 0 && (n.closedToArrival || q.nights.length < n.minStay)) sellable = false;
        nightly.push(n.priceMinor);
        roomsLeft = Math.min(roomsLeft, n.roomsLeft);
      }
      if (!sellable) continue;
      const total = nightly.reduce((a, b) => a + b, 0) * q.rooms;
      const per = q.pricePer === "night" ? q.nights.length : 1;
      if (q.priceMin !== undefined && total < q.priceMin * per) continue;
      if (q.priceMax !== undefined && total > q.priceMax * per) continue;
      rooms.push({ id: rt.id, total, nightly, roomsLeft });
    }
    if (rooms.length === 0) continue;
    rooms.sort((a, b) => a.total - b.total || (a.id < b.id ? -1 : 1));
    results.push({ id: p.id, cheapest: rooms[0]?.total ?? 0, rooms });
  }
  const propertyOf = new Map(data.properties.map((p) => [p.id, p]));
  const key = (r: ModelResult): number[] => {
    const p = propertyOf.get(r.id);
    if (q.sort === "stars") return [-(p?.stars ?? 0), r.cheapest];
    if (q.sort === "distance") return [p?.distanceM ?? 0, r.cheapest];
    return [r.cheapest];
  };
  return results.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if ((ka[i] ?? 0) !== (kb[i] ?? 0)) return (ka[i] ?? 0) - (kb[i] ?? 0);
    return a.id < b.id ? -1 : 1;
  });
}
