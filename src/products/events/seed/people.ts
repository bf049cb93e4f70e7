import { type Rng, streamFor } from "../../../lib/prng.ts";
import { CITIES } from "../../../places/cities.ts";
import { type Continent, countryProfile } from "../../../places/countries.ts";
import { BAND_ADJECTIVES, BAND_NOUNS, FIRST_NAMES, SURNAMES } from "./names.ts";

export function personName(rng: Rng, continent: Continent): string {
  return `${rng.pick(FIRST_NAMES[continent])} ${rng.pick(SURNAMES[continent])}`;
}

export interface Act {
  name: string;
  kind: "solo" | "band" | "trio" | "dj";
  /** 0–1, heavily skewed: a few acts fill arenas, most play clubs. */
  fame: number;
  continent: Continent;
  /** The name of the act's current tour (the event is called after it). */
  tour: string;
}

const ACTS_PER_CONTINENT = 90;

function actName(rng: Rng, continent: Continent, kind: Act["kind"]): string {
  switch (kind) {
    case "solo":
      return personName(rng, continent);
    case "band":
      return rng.next() < 0.5
        ? `The ${rng.pick(BAND_ADJECTIVES)} ${rng.pick(BAND_NOUNS)}`
        : `${rng.pick(BAND_ADJECTIVES)} ${rng.pick(BAND_NOUNS)}`;
    case "trio":
      return `${personName(rng, continent)} Trio`;
    case "dj":
      return `DJ ${rng.pick(FIRST_NAMES[continent])}`;
  }
}

const KINDS: readonly Act["kind"][] = ["solo", "solo", "band", "band", "band", "trio", "dj"];

/** The acts on tour during the window, by continent: the same act plays several cities. */
export function generateActs(seed: number): Map<Continent, Act[]> {
  const byContinent = new Map<Continent, Act[]>();
  const continents = new Set(CITIES.map((c) => countryProfile(c.country).continent));
  for (const continent of continents) {
    const rng = streamFor(seed, `acts|${continent}`);
    const names = new Set<string>();
    const acts: Act[] = [];
    while (acts.length < ACTS_PER_CONTINENT) {
      const kind = rng.pick(KINDS);
      const name = actName(rng, continent, kind);
      if (names.has(name)) continue;
      names.add(name);
      const tour = `${rng.pick(BAND_ADJECTIVES)} ${rng.pick(BAND_NOUNS)}`;
      acts.push({ name, kind, fame: rng.next() ** 3, continent, tour });
    }
    byContinent.set(continent, acts);
  }
  return byContinent;
}
