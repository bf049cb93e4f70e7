import { minorDigits } from "../lib/currency.ts";

export type Continent = "europe" | "asia" | "north-america" | "south-america" | "africa" | "oceania";

export interface CountryProfile {
  continent: Continent;
  /** ISO 4217 code and its minor-unit exponent (JPY 0, TND 3, from src/lib/currency.ts): price_minor counts these units. */
  currency: string;
  minorDigits: number;
  /** Approximate units per euro: fares are computed in euros and converted. */
  perEur: number;
  /** Typical average rail speed over the straight-line distance, km/h (high-speed networks higher). */
  railKmh: number;
}

type Row = [Continent, string, number, number];

// [continent, currency, per EUR, rail km/h]
const ROWS: Record<string, Row> = {
  GB: ["europe", "GBP", 0.85, 125],
  IE: ["europe", "EUR", 1, 100],
  FR: ["europe", "EUR", 1, 190],
  BE: ["europe", "EUR", 1, 130],
  NL: ["europe", "EUR", 1, 130],
  DE: ["europe", "EUR", 1, 140],
  CH: ["europe", "CHF", 0.94, 110],
  AT: ["europe", "EUR", 1, 115],
  CZ: ["europe", "CZK", 25, 90],
  HU: ["europe", "HUF", 400, 85],
  PL: ["europe", "PLN", 4.3, 100],
  DK: ["europe", "DKK", 7.46, 110],
  SE: ["europe", "SEK", 11.3, 120],
  NO: ["europe", "NOK", 11.7, 95],
  FI: ["europe", "EUR", 1, 120],
  EE: ["europe", "EUR", 1, 80],
  LV: ["europe", "EUR", 1, 75],
  IS: ["europe", "ISK", 150, 80],
  ES: ["europe", "EUR", 1, 190],
  PT: ["europe", "EUR", 1, 110],
  IT: ["europe", "EUR", 1, 160],
  GR: ["europe", "EUR", 1, 90],
  TR: ["europe", "TRY", 45, 130],
  JP: ["asia", "JPY", 165, 210],
  KR: ["asia", "KRW", 1500, 180],
  CN: ["asia", "CNY", 8.3, 240],
  HK: ["asia", "HKD", 9, 200],
  MO: ["asia", "MOP", 9.3, 100],
  TW: ["asia", "TWD", 35, 200],
  TH: ["asia", "THB", 38, 60],
  SG: ["asia", "SGD", 1.5, 90],
  MY: ["asia", "MYR", 5, 110],
  VN: ["asia", "VND", 29000, 50],
  PH: ["asia", "PHP", 65, 60],
  ID: ["asia", "IDR", 18500, 100],
  IN: ["asia", "INR", 97, 75],
  AE: ["asia", "AED", 4.2, 100],
  QA: ["asia", "QAR", 4.2, 100],
  IL: ["asia", "ILS", 4, 100],
  US: ["north-america", "USD", 1.15, 85],
  CA: ["north-america", "CAD", 1.6, 85],
  MX: ["north-america", "MXN", 21, 70],
  CO: ["south-america", "COP", 4700, 60],
  PE: ["south-america", "PEN", 4.2, 60],
  BR: ["south-america", "BRL", 6.3, 70],
  AR: ["south-america", "ARS", 1300, 60],
  UY: ["south-america", "UYU", 46, 60],
  CL: ["south-america", "CLP", 1100, 70],
  EG: ["africa", "EGP", 56, 75],
  MA: ["africa", "MAD", 10.6, 150],
  TN: ["africa", "TND", 3.4, 70],
  SN: ["africa", "XOF", 656, 60],
  NG: ["africa", "NGN", 1750, 60],
  GH: ["africa", "GHS", 14, 60],
  ET: ["africa", "ETB", 160, 70],
  KE: ["africa", "KES", 148, 90],
  ZA: ["africa", "ZAR", 20.5, 70],
  AU: ["oceania", "AUD", 1.75, 85],
  NZ: ["oceania", "NZD", 1.95, 60],
  FJ: ["oceania", "FJD", 2.6, 60],
};

export function countryProfile(country: string): CountryProfile {
  const row = ROWS[country];
  if (!row) throw new Error(`No seed profile for country ${country}`);
  const [continent, currency, perEur, railKmh] = row;
  return { continent, currency, minorDigits: minorDigits(currency), perEur, railKmh };
}

export const PROFILED_COUNTRIES: readonly string[] = Object.keys(ROWS);
