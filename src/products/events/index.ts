/**
 * The events product: concerts, theatre, sport, tours and shared-table dinners sold by ticket
 * tier. Its tables (schema/), seed (seed/), search (search/) and routes (http/) live here; the
 * engine reaches it through registerEventRoutes and the seed hook in src/products/seeds.ts until
 * the product registry (src/products/registry.ts) replaces both.
 */
export { loadEventDetails } from "./details";
export { registerEventRoutes } from "./http/routes";
export * from "./model";
export { refundSteps, refundSummary } from "./refund-policy";
export { bumpEventCities, eventVersions } from "./search/deps";
export { seedStatements } from "./seed";
