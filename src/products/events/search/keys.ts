import { scopeVersionKey } from "../../../cache/scope-versions";

/** Bump when the snapshot's shape changes: old entries then simply stop being read. */
const SCHEMA = "v1";

export const PRODUCT = "events";

/** Invalidation is per city: an operator change to any event of a city moves the city's version. */
export const cityVersionKey = (cityCode: string) => scopeVersionKey(PRODUCT, cityCode);

export const cityDayKey = (cityCode: string, date: string, version: string) =>
  `search:${PRODUCT}:${SCHEMA}:day:${cityCode}:${date}:${version}`;

/** `matchHash` is a collision-safe digest of the MATCH expression (open-ended user text). */
export const textMatchKey = (cityCode: string, from: string, to: string, matchHash: string, version: string) =>
  `search:${PRODUCT}:${SCHEMA}:text:${cityCode}:${from}:${to}:${matchHash}:${version}`;

export const cityDayMember = (cityCode: string, date: string) => `${cityCode}:${date}`;
