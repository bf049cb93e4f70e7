import type { Continent } from "../../../places/countries.ts";

/** Invented carriers: a name and a two-letter code that prefixes service numbers ("Northwind Air NW 123"). */
export interface Operator {
  name: string;
  code: string;
}

const op = (name: string, code: string): Operator => ({ name, code });

const AIRLINES_BY_COUNTRY: Record<string, Operator> = {
  GB: op("Northwind Air", "NW"),
  IE: op("Shamrock Air", "SQ"),
  FR: op("Air Lumière", "LU"),
  NL: op("Polder Airways", "PD"),
  DE: op("Rheinflug", "RF"),
  CH: op("Alpenjet", "AJ"),
  ES: op("Sol Ibérica", "SI"),
  PT: op("Atlântico Air", "AT"),
  IT: op("Aquila Airlines", "AQ"),
  TR: op("Bosphorus Air", "BO"),
  JP: op("Sakura Wings", "SW"),
  KR: op("Hanbit Air", "HB"),
  CN: op("Jade Dragon Airlines", "JD"),
  HK: op("Harbour Pacific", "HP"),
  SG: op("Merlion Airways", "ML"),
  IN: op("Ganga Airways", "GA"),
  AE: op("Falcon Gulf", "FG"),
  QA: op("Pearl Gulf Airways", "PG"),
  US: op("Liberty Airlines", "LB"),
  CA: op("Maple Air", "MP"),
  BR: op("Aerobrasil", "AB"),
  AU: op("Southern Cross Airways", "SX"),
  NZ: op("Kiwi Pacific", "KP"),
  ZA: op("Springbok Air", "SB"),
};

const REGIONAL_AIRLINES: Record<Continent, Operator> = {
  europe: op("Skyhop", "SH"),
  asia: op("Lotus Air", "LT"),
  "north-america": op("Pacific Crest", "PC"),
  "south-america": op("Andes Air", "AN"),
  africa: op("Savanna Air", "SV"),
  oceania: op("Coral Air", "CO"),
};

const RAIL_BY_COUNTRY: Record<string, Operator> = {
  GB: op("Albion Rail", "AR"),
  FR: op("Rail de France", "RD"),
  BE: op("Benelux Rail", "BX"),
  NL: op("Benelux Rail", "BX"),
  DE: op("Deutsche Fernbahn", "DF"),
  ES: op("Renfe Veloz", "RV"),
  IT: op("Italia Veloce", "IV"),
  JP: op("Nippon Shinkansen", "NS"),
  KR: op("Korea Express Rail", "KX"),
  CN: op("China High-Speed", "CH"),
  US: op("Amerail", "AM"),
  AU: op("Southern Rail", "SR"),
};

const DEFAULT_RAIL: Record<Continent, Operator> = {
  europe: op("EuroLink Rail", "EL"),
  asia: op("Orient Rail", "OR"),
  "north-america": op("Transcontinental Rail", "TR"),
  "south-america": op("Ferrocarril del Sur", "FS"),
  africa: op("Afrirail", "AF"),
  oceania: op("Southern Rail", "SR"),
};

const BUSES: Record<Continent, Operator> = {
  europe: op("Continental Coach", "CC"),
  asia: op("Silk Road Coaches", "SC"),
  "north-america": op("Greyhawk Lines", "GH"),
  "south-america": op("Cóndor Buses", "CB"),
  africa: op("Sahel Coaches", "SA"),
  oceania: op("Outback Coaches", "OC"),
};

export function airlineFor(country: string, continent: Continent): Operator {
  return AIRLINES_BY_COUNTRY[country] ?? REGIONAL_AIRLINES[continent];
}

export function railFor(country: string, continent: Continent): Operator {
  return RAIL_BY_COUNTRY[country] ?? DEFAULT_RAIL[continent];
}

export function busFor(continent: Continent): Operator {
  return BUSES[continent];
}
