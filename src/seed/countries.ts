export type Continent = "europe" | "asia" | "north-america" | "south-america" | "africa" | "oceania";

export interface CountryProfile {
  continent: Continent;
  /** ISO 4217 code and its minor-unit exponent (JPY 0, TND 3): price_minor counts these units. */
  currency: string;
  minorDigits: number;
  /** Approximate units per euro: fares are computed in euros and converted. */
  perEur: number;
  /** Typical average rail speed over the straight-line distance, km/h (high-speed networks higher). */
  railKmh: number;
}

type Row = [Continent, string, number, number, number];

// [continent, currency, minor digits, per EUR, rail km/h]
const ROWS: Record<string, Row> = {
  GB: ["europe", "GBP", 2, 0.85, 125],
  IE: ["europe", "EUR", 2, 1, 100],
  FR: ["europe", "EUR", 2, 1, 190],
  BE: ["europe", "EUR", 2, 1, 130],
  NL: ["europe", "EUR", 2, 1, 130],
  DE: ["europe", "EUR", 2, 1, 140],
  CH: ["europe", "CHF", 2, 0.94, 110],
  AT: ["europe", "EUR", 2, 1, 115],
  CZ: ["europe", "CZK", 2, 25, 90],
  HU: ["europe", "HUF", 2, 400, 85],
  PL: ["europe", "PLN", 2, 4.3, 100],
  DK: ["europe", "DKK", 2, 7.46, 110],
  SE: ["europe", "SEK", 2, 11.3, 120],
  NO: ["europe", "NOK", 2, 11.7, 95],
  FI: ["europe", "EUR", 2, 1, 120],
  EE: ["europe", "EUR", 2, 1, 80],
  LV: ["europe", "EUR", 2, 1, 75],
  IS: ["europe", "ISK", 0, 150, 80],
  ES: ["europe", "EUR", 2, 1, 190],
  PT: ["europe", "EUR", 2, 1, 110],
  IT: ["europe", "EUR", 2, 1, 160],
  GR: ["europe", "EUR", 2, 1, 90],
  TR: ["europe", "TRY", 2, 45, 130],
  JP: ["asia", "JPY", 0, 165, 210],
  KR: ["asia", "KRW", 0, 1500, 180],
  CN: ["asia", "CNY", 2, 8.3, 240],
  HK: ["asia", "HKD", 2, 9, 200],
  MO: ["asia", "MOP", 2, 9.3, 100],
  TW: ["asia", "TWD", 2, 35, 200],
  TH: ["asia", "THB", 2, 38, 60],
  SG: ["asia", "SGD", 2, 1.5, 90],
  MY: ["asia", "MYR", 2, 5, 110],
  VN: ["asia", "VND", 0, 29000, 50],
  PH: ["asia", "PHP", 2, 65, 60],
  ID: ["asia", "IDR", 2, 18500, 100],
  IN: ["asia", "INR", 2, 97, 75],
  AE: ["asia", "AED", 2, 4.2, 100],
  QA: ["asia", "QAR", 2, 4.2, 100],
  IL: ["asia", "ILS", 2, 4, 100],
  US: ["north-america", "USD", 2, 1.15, 85],
  CA: ["north-america", "CAD", 2, 1.6, 85],
  MX: ["north-america", "MXN", 2, 21, 70],
  CO: ["south-america", "COP", 2, 4700, 60],
  PE: ["south-america", "PEN", 2, 4.2, 60],
  BR: ["south-america", "BRL", 2, 6.3, 70],
  AR: ["south-america", "ARS", 2, 1300, 60],
  UY: ["south-america", "UYU", 2, 46, 60],
  CL: ["south-america", "CLP", 0, 1100, 70],
  EG: ["africa", "EGP", 2, 56, 75],
  MA: ["africa", "MAD", 2, 10.6, 150],
  TN: ["africa", "TND", 3, 3.4, 70],
  SN: ["africa", "XOF", 0, 656, 60],
  NG: ["africa", "NGN", 2, 1750, 60],
  GH: ["africa", "GHS", 2, 14, 60],
  ET: ["africa", "ETB", 2, 160, 70],
  KE: ["africa", "KES", 2, 148, 90],
  ZA: ["africa", "ZAR", 2, 20.5, 70],
  AU: ["oceania", "AUD", 2, 1.75, 85],
  NZ: ["oceania", "NZD", 2, 1.95, 60],
  FJ: ["oceania", "FJD", 2, 2.6, 60],
};

export function countryProfile(country: string): CountryProfile {
  const row = ROWS[country];
  if (!row) throw new Error(`No seed profile for country ${country}`);
  const [continent, currency, minorDigits, perEur, railKmh] = row;
  return { continent, currency, minorDigits, perEur, railKmh };
}

export const PROFILED_COUNTRIES: readonly string[] = Object.keys(ROWS);
