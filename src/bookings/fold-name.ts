/**
 * Folds a family name for comparison: "Müller-Lüdenscheidt", "MULLER LUDENSCHEIDT" and
 * "muller-ludenscheidt" all match. Accents are stripped after NFKD decomposition; the
 * upper-then-lower round trip turns "ß" into "ss"; punctuation and spaces are dropped because
 * travellers type them inconsistently (O'Neil, ONeil).
 */
export function foldName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}
