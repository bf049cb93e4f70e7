/**
 * The one text-folding rule, for everything matched the way people type it: place autocomplete
 * ("Zürich" → "zurich") and booking lookups by family name ("Ørsted" → "orsted"). Compatibility
 * decomposition (NFKD) splits accented letters and ligatures (ﬁ → fi, full-width Ａ → a); the
 * marks are dropped; upper- then lowercasing folds case the way Unicode's case folding does for
 * the letters that plain lowercasing misses (ß → ss, ς → σ, ı → i). Letters that no
 * decomposition reaches are then spelled as a reader without them would type them.
 */
const OWN_LETTERS: Readonly<Record<string, string>> = {
  ø: "o",
  æ: "ae",
  œ: "oe",
  ß: "ss",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
  ŧ: "t",
};
const OWN_LETTER = new RegExp(`[${Object.keys(OWN_LETTERS).join("")}]`, "g");

export function foldLetters(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .toLowerCase()
    .replace(OWN_LETTER, (ch) => OWN_LETTERS[ch] ?? ch);
}

/**
 * Folded, words kept apart: "King's Cross" → "kings cross", "Saint-Émilion" → "saint emilion".
 * Apostrophes vanish (they join a word); any other run of punctuation or space is one space, so
 * word starts stay findable.
 */
export function foldWords(text: string): string {
  return foldLetters(text)
    .replace(/['’]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Folded, letters and digits only: "O'Brien", "OBRIEN" and "o brien" are one name, since people
 * type a name's punctuation and spaces inconsistently.
 */
export function foldCompact(text: string): string {
  return foldLetters(text).replace(/[^\p{L}\p{N}]/gu, "");
}
