// Letters that Unicode does not decompose into a base letter plus a mark.
const SPECIAL: Record<string, string> = { ø: "o", æ: "ae", œ: "oe", ß: "ss", ł: "l", đ: "d", ı: "i", þ: "th", ð: "d" };

/**
 * Case- and accent-insensitive form used for matching: "Zürich" → "zurich", "São Paulo" → "sao paulo",
 * "King's Cross" → "kings cross". Punctuation becomes a space so word starts stay findable.
 */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[øæœßłđıþð]/g, (ch) => SPECIAL[ch] ?? ch)
    .replace(/['’]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
