import type { App } from "../../../http/app";
import type { StaysIsolateParts } from "../search/deps";
import { registerPropertyRoutes } from "./property-routes";
import { registerStaySearchRoute } from "./search-route";

/** Every stays route; search first, so /v1/stays/search is never read as a property id. */
export function registerStaysRoutes(app: App, isolate: StaysIsolateParts): void {
  registerStaySearchRoute(app, isolate);
  registerPropertyRoutes(app);
}
