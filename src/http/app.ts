import { swaggerUI } from "@hono/swagger-ui";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { App, HttpEnv } from "../api/context";
import { createIsolateState, type IsolateState } from "../api/isolate-state";
import { validationHook } from "../api/validation-hook";
import { registerAdminDepartureRoutes } from "../products/departures/http/admin-routes";
import { registerDepartureRoutes } from "../products/departures/http/details-route";
import { registerSearchRoutes } from "../products/departures/http/search-route";
import { registerEventRoutes } from "../products/events";
import { registerStaysRoutes } from "../products/stays";
import { onError, onNotFound } from "./error-handler";
import { edgeHygiene } from "./middleware/edge-hygiene";
import { requestContext } from "./middleware/request-context";
import { serveDocument } from "./openapi/document";
import { registerAdminBookingRoutes } from "./routes/admin-bookings";
import { registerAdminDeadLetterRoutes } from "./routes/admin-dead-letters";
import { registerBookingRoutes } from "./routes/bookings";
import { registerHealthRoutes } from "./routes/health";
import { registerHoldRoutes } from "./routes/holds";
import { registerPlaceRoutes } from "./routes/places";
import { registerWebhookRoutes } from "./routes/webhooks";

/**
 * Production and tests build the same app. `isolate` holds what lives as long as the isolate
 * (the memory cache tier, in-flight de-duplication, rate-limit caches): created once per module load.
 */
export function createApp(isolate: IsolateState = createIsolateState()): App {
  const app = new OpenAPIHono<HttpEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound(onNotFound);
  app.use("*", requestContext);
  app.use("*", ...edgeHygiene());

  registerHealthRoutes(app);
  registerPlaceRoutes(app);
  registerHoldRoutes(app);
  registerSearchRoutes(app, isolate);
  registerDepartureRoutes(app);
  registerEventRoutes(app, isolate);
  registerStaysRoutes(app, isolate);
  registerAdminDepartureRoutes(app, isolate);
  registerAdminDeadLetterRoutes(app);
  registerAdminBookingRoutes(app);
  registerBookingRoutes(app);
  registerWebhookRoutes(app);

  // After every route: the document is completed from the router (src/http/openapi/complete.ts).
  app.get("/openapi.json", serveDocument(app));
  app.get("/docs", swaggerUI({ url: "/openapi.json" }));
  return app;
}
