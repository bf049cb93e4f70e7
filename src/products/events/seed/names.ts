import type { Continent } from "../../../places/countries.ts";

/** Comma-separated words: one list reads as a sentence instead of one line per name. */
const list = (text: string): readonly string[] => text.split(", ");

/**
 * Word lists for invented but plausible names. Accents and letters such as ø and ł are there on
 * purpose: search must find "Søren" from "soren" and "Chloé" from "chloe".
 */
export const FIRST_NAMES: Record<Continent, readonly string[]> = {
  europe: list(
    "Anna, Lukas, Chloé, Søren, Zoë, Matteo, Inès, Björn, Katarzyna, Łukasz, Elena, Hugo, Ingrid, Niamh," +
      " Mateus, Giulia, Henrik, Amélie, Jonas, Marta, Oskar, Clara, Dmitri, Freya",
  ),
  asia: list(
    "Aiko, Haruto, Min-jun, Ji-woo, Wei, Mei, Arjun, Priya, Siti, Thanh, Yuki, Ren, Ananya, Kenji, Hana," +
      " Rahul, Li, Sora, Farah, Omar, Leila, Daniel, Noa, Tariq",
  ),
  "north-america": list(
    "Jordan, Avery, Maya, Caleb, Harper, Elijah, Sofia, Marcus, Zoey, Isaiah, Luna, Mateo, Claire, Andre," +
      " Nadia, Owen, Jasmine, Diego, Riley, Hannah, Xavier, Grace, Malik, Camille",
  ),
  "south-america": list(
    "Valentina, Mateo, João, Camila, Santiago, Lucía, Thiago, Isabela, Martín, Renata, Joaquín, Mariana," +
      " Felipe, Antonella, Gabriel, Luana, Tomás, Florencia, Bruno, Catalina",
  ),
  africa: list(
    "Amara, Kwame, Zanele, Thabo, Yasmin, Chidi, Fatou, Kofi, Naledi, Youssef, Imani, Sipho, Aïcha," +
      " Tendai, Nour, Oluwaseun, Lindiwe, Karim, Abena, Tariku",
  ),
  oceania: list(
    "Aroha, Tane, Lachlan, Isla, Mere, Hemi, Matilda, Kai, Ruby, Nikau, Harriet, Finn, Anahera, Cooper," +
      " Talia, Wiremu, Poppy, Ari, Mele, Jack",
  ),
};

export const SURNAMES: Record<Continent, readonly string[]> = {
  europe: list(
    "Müller, Dubois, Rossi, Kowalski, Ødegård, Novák, García, Lindqvist, O'Brien, Janssen, Papadopoulos," +
      " Schneider, Moreau, Silva, Nowak, Virtanen, Horváth, Bianchi, Fernández, Hansen",
  ),
  asia: list(
    "Tanaka, Sato, Kim, Park, Chen, Wang, Sharma, Patel, Nguyen, Tan, Lim, Watanabe, Lee, Iyer, Huang," +
      " Rahman, Haddad, Cohen, Santos, Yamamoto",
  ),
  "north-america": list(
    "Johnson, Williams, Brooks, Rivera, Nguyen, Carter, Thompson, Tremblay, Hernández, Walker, Okafor," +
      " Bennett, Gagnon, Ramírez, Foster, Kaplan, Reyes, Sullivan, Morales, Coleman",
  ),
  "south-america": list(
    "Silva, Santos, González, Rodríguez, Oliveira, Pereira, Fernández, López, Costa, Martínez, Souza," +
      " Gómez, Díaz, Almeida, Torres, Rocha, Vargas, Ferreira, Castro, Núñez",
  ),
  africa: list(
    "Mensah, Okonkwo, Dlamini, Ndlovu, Diallo, Haile, Mwangi, Boateng, El Amrani, Adeyemi, Nkosi, Kamara," +
      " Tesfaye, Otieno, Benali, Mahlangu, Sow, Asante, Kariuki, Ben Salah",
  ),
  oceania: list(
    "Ngata, Smith, Walker, Tipene, Brown, Kaufana, Wilson, Parata, Taylor, Henare, Martin, Rangi," +
      " Thompson, Vaka, Campbell, Tuhoe, Kelly, Horomona, White, Fifita",
  ),
};

export const BAND_ADJECTIVES = list(
  "Velvet, Electric, Midnight, Paper, Golden, Silver, Neon, Wild, Quiet, Northern, Crimson, Hollow," +
    " Lunar, Static, Wandering, Copper, Glass, Saltwater, Borrowed, Burning",
);

export const BAND_NOUNS = list(
  "Foxes, Lanterns, Harbours, Tides, Engines, Sparrows, Comets, Anchors, Rivers, Satellites, Orchards," +
    " Pilots, Echoes, Wolves, Gardens, Radios, Ghosts, Horses, Signals, Mirrors",
);

export const COMPOSERS = list(
  "Beethoven, Brahms, Dvořák, Sibelius, Tchaikovsky, Mahler, Debussy, Ravel, Grieg, Chopin, Vivaldi," +
    " Mozart, Schubert, Bach, Fauré, Janáček, Rachmaninoff, Saint-Saëns",
);

export const VENUE_WORDS = list(
  "Harbour, Crown, Meridian, Summit, Riverside, Lantern, Copper, Juniper, Velvet, Orchard, Beacon," +
    " Granite, Willow, Saffron, Emerald, Cobalt, Marble, Amber, Linden, Aurora",
);

export const STREETS = list(
  "Market Square, Station Road, Harbour Street, Park Avenue, Mill Lane, Bridge Street, Cathedral Square," +
    " Riverside Walk, Castle Hill, Garden Row, Theatre Lane, Old Town Square, University Avenue," +
    " Chapel Street, Canal Street, Victoria Terrace, Quay Road, Lantern Yard",
);

/** Public-domain plays, operas and ballets: [title, kind, author or composer]. */
export const PRODUCTIONS: readonly (readonly [string, "play" | "opera" | "ballet", string])[] = [
  ["Hamlet", "play", "Shakespeare"],
  ["Macbeth", "play", "Shakespeare"],
  ["A Midsummer Night's Dream", "play", "Shakespeare"],
  ["Twelfth Night", "play", "Shakespeare"],
  ["Romeo and Juliet", "play", "Shakespeare"],
  ["The Seagull", "play", "Chekhov"],
  ["Uncle Vanya", "play", "Chekhov"],
  ["The Cherry Orchard", "play", "Chekhov"],
  ["A Doll's House", "play", "Ibsen"],
  ["Hedda Gabler", "play", "Ibsen"],
  ["Peer Gynt", "play", "Ibsen"],
  ["Tartuffe", "play", "Molière"],
  ["Cyrano de Bergerac", "play", "Rostand"],
  ["The Importance of Being Earnest", "play", "Wilde"],
  ["Pygmalion", "play", "Shaw"],
  ["Medea", "play", "Euripides"],
  ["Antigone", "play", "Sophocles"],
  ["La Traviata", "opera", "Verdi"],
  ["Carmen", "opera", "Bizet"],
  ["Tosca", "opera", "Puccini"],
  ["The Magic Flute", "opera", "Mozart"],
  ["Madama Butterfly", "opera", "Puccini"],
  ["Swan Lake", "ballet", "Tchaikovsky"],
  ["The Nutcracker", "ballet", "Tchaikovsky"],
  ["Giselle", "ballet", "Adam"],
  ["Coppélia", "ballet", "Delibes"],
];

export const TEAM_NICKNAMES = list(
  "Lions, Comets, Rovers, Mariners, Falcons, Titans, Wolves, Royals, Pioneers, Harriers, Dragons," +
    " Stallions, Eagles, Sharks, Tigers, Bulls, Hawks, Warriors, Phoenix, Thunder",
);

/** Tour themes; `tasting` tours sell a second tier with food or drink included. */
export const TOUR_THEMES: readonly (readonly [string, { tasting: boolean; evening: boolean }])[] = [
  ["Old Town Walking Tour", { tasting: false, evening: false }],
  ["Street Food Trail", { tasting: true, evening: false }],
  ["Hidden Courtyards Walk", { tasting: false, evening: false }],
  ["Night Photography Walk", { tasting: false, evening: true }],
  ["Riverside Bike Tour", { tasting: false, evening: false }],
  ["Architecture Walk", { tasting: false, evening: false }],
  ["Market Morning & Tasting", { tasting: true, evening: false }],
  ["Ghosts and Legends Walk", { tasting: false, evening: true }],
  ["Street Art Tour", { tasting: false, evening: false }],
  ["Coffee Roasters Crawl", { tasting: true, evening: false }],
];

export const DINNER_THEMES = list(
  "Seasonal Tasting Menu, Spice Route Supper, Vegetarian Feast, Seafood Night, Farm to Table," +
    " Street Food Reimagined, Natural Wine Dinner, Family-style Supper, Dumpling Night, Mezze Evening",
);
