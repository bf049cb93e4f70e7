/**
 * The stays product: room-nights at properties. Its tables, seed, search, details and routes;
 * the holds and bookings engine reaches it later through a ProductModule (docs/stays.md).
 */
export { STAY_LIMITS } from "./config";
export { registerStaysRoutes } from "./http/routes";
export * from "./schema";
export { staysVersions } from "./search/deps";
export { cityScope } from "./search/keys";
