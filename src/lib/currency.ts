/**
 * ISO 4217 minor-unit digits: how many digits an amount has after the decimal point, so how many
 * minor units make one major unit. ICU's display digits differ for some (HUF, TWD, COP, IDR show
 * none) and would mislabel amounts, so the standard's exceptions are listed here; the rest have 2.
 */
const ZERO = [
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "ISK",
  "JPY",
  "KMF",
  "KRW",
  "PYG",
  "RWF",
  "UGX",
  "UYI",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF",
];
const THREE = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

const DIGITS = new Map<string, number>([...ZERO.map((c) => [c, 0] as const), ...THREE.map((c) => [c, 3] as const)]);

export function minorDigits(currency: string): number {
  return DIGITS.get(currency) ?? 2;
}
