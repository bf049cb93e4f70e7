import { foldLetters } from "../../../lib/fold";

/**
 * What a ticket says about its holder: the initials of the first and the last name ("Ada King
 * Lovelace" → "AL", "Zoë Ørsted" → "ZO"), folded to the letters a door person would type. A
 * letter no folding reaches stays as it is (東京 太郎 → "東太").
 */
export function holderInitials(name: string): string {
  const words = name.split(/[\s,]+/).filter((w) => /\p{L}/u.test(w));
  const picked = words.length > 1 ? [words[0], words[words.length - 1]] : words.slice(0, 1);
  return picked
    .map((word) => {
      const letter = [...(word ?? "")].find((ch) => /\p{L}/u.test(ch)) ?? "";
      const folded = foldLetters(letter);
      return (folded && /^[a-z]/.test(folded) ? folded[0] : letter)?.toUpperCase() ?? "";
    })
    .join("");
}
