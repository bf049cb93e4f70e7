/**
 * The events product: concerts, theatre, sport, tours and shared-table dinners sold by ticket
 * tier. Its tables (schema/), seed (seed/), search (search/) and routes (http/) live here; the
 * engine reaches it through registerEventRoutes and the seed hook in src/products/seeds.ts until
 * the product registry replaces both. The seed is not exported here: the Worker bundle carries
 * none of it (tools and tests import seed/ directly).
 */
export { loadEventDetails } from "./details";
export { registerEventRoutes } from "./http/routes";
export * from "./model";
export { refundSteps, refundSummary } from "./refund-policy";
export { bumpEventCities, eventVersions } from "./search/deps";
