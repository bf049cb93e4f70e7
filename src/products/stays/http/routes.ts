import type { App } from "../../../api/context";
import type { IsolateState } from "../../../api/isolate-state";
import { registerPropertyRoutes } from "./property-routes";
import { registerStaySearchRoute } from "./search-route";

/** Every stays route; search first, so /v1/stays/search is never read as a property id. */
export function registerStaysRoutes(app: App, isolate: IsolateState): void {
  registerStaySearchRoute(app, isolate);
  registerPropertyRoutes(app);
}
