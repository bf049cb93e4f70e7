import type { Rng } from "../../../lib/prng.ts";
import type { PropertyType } from "../config.ts";

const WORDS = [
  "Grand",
  "Royal",
  "Park",
  "Harbour",
  "Riverside",
  "Garden",
  "Central",
  "Plaza",
  "Crown",
  "Metropole",
  "Regent",
  "Station",
  "Boulevard",
  "Palace",
  "Astoria",
  "Savoy",
  "Continental",
  "Majestic",
  "Bellevue",
  "Imperial",
  "Ambassador",
  "Excelsior",
  "Panorama",
  "Avenue",
  "Lighthouse",
  "Orchard",
  "Meridian",
  "Northgate",
  "Old Town",
  "Market",
  "Cathedral",
  "Opera",
  "Linden",
  "Willow",
  "Cedar",
  "Maple",
  "Olive",
  "Juniper",
  "Magnolia",
  "Sunset",
  "Horizon",
  "Compass",
  "Anchor",
  "Atlas",
  "Aurora",
  "Beacon",
  "Canal",
  "Citadel",
  "Corner",
  "Emerald",
  "Gallery",
  "Heritage",
  "Ivy",
  "Lantern",
  "Library",
  "Mill",
  "Museum",
  "Observatory",
  "Quarter",
  "Saffron",
  "Silver",
  "Terrace",
  "Tower",
  "Union",
  "Velvet",
  "Vista",
  "Wharf",
];

const FORMS: Record<PropertyType, readonly ((w: string, city: string) => string)[]> = {
  hotel: [
    (w) => `Hotel ${w}`,
    (w, c) => `${w} Hotel ${c}`,
    (w) => `The ${w}`,
    (w, c) => `${c} ${w} Hotel`,
    (w) => `${w} House Hotel`,
  ],
  hostel: [(w) => `${w} Hostel`, (w, c) => `${c} ${w} Backpackers`, (w) => `Hostel ${w}`, (w) => `The ${w} Bunkhouse`],
  apartment: [
    (w) => `${w} Apartments`,
    (w) => `${w} Residences`,
    (w, c) => `${c} ${w} Suites`,
    (w) => `${w} Serviced Apartments`,
  ],
  guesthouse: [(w) => `${w} Guesthouse`, (w) => `${w} Inn`, (w) => `${w} House`, (w) => `${w} Bed & Breakfast`],
  resort: [(w) => `${w} Resort & Spa`, (w, c) => `${c} ${w} Resort`, (w) => `${w} Beach Club Resort`],
};

/** A name not yet used in the city (`taken` is the city's set, updated here). */
export function propertyName(rng: Rng, type: PropertyType, cityName: string, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const base = rng.pick(FORMS[type])(rng.pick(WORDS), cityName);
    const name = attempt < 20 ? base : `${base} ${attempt}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

type Street = (rng: Rng) => string;

const pickName = (names: readonly string[]) => (rng: Rng) => rng.pick(names);
const number = (rng: Rng) => rng.int(1, 180);

const EN = pickName([
  "High",
  "Church",
  "Park",
  "Station",
  "Victoria",
  "King",
  "Queen",
  "Market",
  "Bridge",
  "Mill",
  "Harbour",
  "Garden",
]);
const EN_KIND = pickName(["Street", "Road", "Lane", "Avenue", "Place", "Terrace"]);
const FR = pickName([
  "de la République",
  "Victor Hugo",
  "des Lilas",
  "du Port",
  "Saint-Michel",
  "Pasteur",
  "de la Gare",
  "du Marché",
  "Gambetta",
  "des Écoles",
]);
const DE = pickName(["Haupt", "Bahnhof", "Linden", "Garten", "Schiller", "Goethe", "Kirch", "Markt", "Berg", "Mozart"]);
const NL = pickName(["Heren", "Keizers", "Prinsen", "Kerk", "Molen", "Haven", "Linden", "Tuin"]);
const ES = pickName(["Mayor", "del Sol", "de la Paz", "San Juan", "del Carmen", "Real", "de Colón", "de las Flores"]);
const PT = pickName(["das Flores", "Augusta", "do Comércio", "da Prata", "Garrett", "de São Bento", "do Carmo"]);
const IT = pickName(["Roma", "Garibaldi", "Cavour", "Dante", "Verdi", "Mazzini", "del Corso", "della Repubblica"]);
const NORDIC = pickName(["Kongens", "Drottning", "Stor", "Kirke", "Havne", "Skole", "Strand", "Torv"]);

/** A street address in the country's usual form, then the city. */
const STREETS: Record<string, Street> = {
  FR: (r) => `${number(r)} rue ${FR(r)}`,
  BE: (r) => `Rue ${FR(r)} ${number(r)}`,
  MA: (r) => `${number(r)} rue ${FR(r)}`,
  TN: (r) => `${number(r)} rue ${FR(r)}`,
  SN: (r) => `${number(r)} rue ${FR(r)}`,
  DE: (r) => `${DE(r)}straße ${number(r)}`,
  AT: (r) => `${DE(r)}gasse ${number(r)}`,
  CH: (r) => `${DE(r)}strasse ${number(r)}`,
  NL: (r) => `${NL(r)}gracht ${number(r)}`,
  ES: (r) => `Calle ${ES(r)} ${number(r)}`,
  MX: (r) => `Av. ${ES(r)} ${number(r)}`,
  AR: (r) => `Av. ${ES(r)} ${number(r) * 10}`,
  CO: (r) => `Carrera ${r.int(1, 60)} # ${r.int(10, 99)}-${r.int(10, 99)}`,
  PE: (r) => `Av. ${ES(r)} ${number(r) * 5}`,
  CL: (r) => `Av. ${ES(r)} ${number(r) * 10}`,
  UY: (r) => `Calle ${ES(r)} ${number(r) * 10}`,
  PT: (r) => `Rua ${PT(r)}, ${number(r)}`,
  BR: (r) => `Rua ${PT(r)}, ${number(r) * 5}`,
  IT: (r) => `Via ${IT(r)} ${number(r)}`,
  DK: (r) => `${NORDIC(r)}gade ${number(r)}`,
  NO: (r) => `${NORDIC(r)}gata ${number(r)}`,
  SE: (r) => `${NORDIC(r)}gatan ${number(r)}`,
  FI: (r) => `${r.pick(["Mannerheimin", "Aleksanterin", "Esplanadi", "Bulevardi", "Fredrikin"])}katu ${number(r)}`,
  PL: (r) => `ul. ${r.pick(["Floriańska", "Długa", "Nowy Świat", "Marszałkowska", "Grodzka"])} ${number(r)}`,
  CZ: (r) => `${r.pick(["Národní", "Karlova", "Vodičkova", "Celetná", "Spálená"])} ${number(r)}`,
  JP: (r) => `${r.int(1, 6)}-${r.int(1, 20)}-${r.int(1, 30)} ${r.pick(["Chuo", "Minami", "Kita", "Naka", "Higashi"])}`,
  TR: (r) => `${r.pick(["İstiklal", "Cumhuriyet", "Atatürk", "Bağdat", "Halaskargazi"])} Caddesi No:${number(r)}`,
  GR: (r) => `Odos ${r.pick(["Ermou", "Athinas", "Stadiou", "Mitropoleos", "Adrianou"])} ${number(r)}`,
};

export function address(rng: Rng, country: string, cityName: string): string {
  const street = STREETS[country] ?? ((r: Rng) => `${number(r)} ${EN(r)} ${EN_KIND(r)}`);
  return `${street(rng)}, ${cityName}`;
}
