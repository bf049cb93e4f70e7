// The generator's random streams are shared by every product's seed; they live in src/lib.
export { createRng, hash32, type Rng, stableId, streamFor } from "../lib/prng.ts";
