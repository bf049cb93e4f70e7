/**
 * The hot search's request mix: route-days and query variants drawn from Zipf distributions, as
 * search traffic is (a few routes take most searches, a long tail takes the rest), from a fixed
 * seed so every run asks for the same list in the same order.
 */

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s. */
export function zipf(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cdf[k] = total;
  }
  return () => {
    const u = random() * total;
    let [lo, hi] = [0, n - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** What a search asks for besides the route-day, most common first (passengers, sort, page size). */
export const QUERY_VARIANTS = [
  "",
  "&passengers=2",
  "&sort=price",
  "&passengers=2&sort=price",
  "&sort=duration",
  "&passengers=3",
  "&limit=10",
  "&passengers=4&sort=price",
] as const;

export interface MixSpec<R> {
  /** Route-days, most popular first. */
  routes: readonly R[];
  requests: number;
  seed: number;
  /** Zipf exponent for routes and for variants (1 is the classic shape of search popularity). */
  exponent: number;
}

/** `requests` draws of (route-day, variant), in the order drawn. */
export function zipfMix<R>(spec: MixSpec<R>): { route: R; variant: string }[] {
  const random = mulberry32(spec.seed);
  const route = zipf(spec.routes.length, spec.exponent, random);
  const variant = zipf(QUERY_VARIANTS.length, spec.exponent, random);
  return Array.from({ length: spec.requests }, () => ({
    route: spec.routes[route()] as R,
    variant: QUERY_VARIANTS[variant()] as string,
  }));
}
