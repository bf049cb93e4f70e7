/** A seeded random stream. Seed generators never touch Math.random: same seed, same rows. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: tiny, fast, and good enough for synthetic timetables (not for anything secret). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
  };
}

/** 32-bit FNV-1a with a seed mixed in: derives independent streams and ids from text keys. */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche so nearby keys ("…|0", "…|1") give unrelated streams.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A stream keyed by the run's seed and a stable name, so one route's choices never shift another's. */
export function streamFor(seed: number, key: string): Rng {
  return createRng(hash32(key, seed));
}

/** 64 bits from two independently seeded hashes, as 14 base-36 characters: ids for ~10^6 rows without collisions. */
export function stableId(prefix: string, key: string): string {
  const hi = hash32(key, 0x51ed270b).toString(36).padStart(7, "0");
  const lo = hash32(key, 0x2545f491).toString(36).padStart(7, "0");
  return `${prefix}_${hi}${lo}`;
}
