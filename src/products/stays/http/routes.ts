import type { App } from "../../../http/context";
import type { IsolateState } from "../../../http/isolate-state";
import { registerPropertyRoutes } from "./property-routes";
import { registerStaySearchRoute } from "./search-route";

/** Every stays route; search first, so /v1/stays/search is never read as a property id. */
export function registerStaysRoutes(app: App, isolate: IsolateState): void {
  registerStaySearchRoute(app, isolate);
  registerPropertyRoutes(app);
}
