import { OpenAPIHono } from "@hono/zod-openapi";
import type { App, HttpEnv } from "../api/context";
import { createIsolateState, type IsolateState } from "../api/isolate-state";
import { rateLimitState } from "../api/middleware/rate-limit";
import { validationHook } from "../api/validation-hook";
import { PRODUCTS } from "../products/registry";
import { registerWebRoutes } from "../web/routes";
import { engineActions } from "./engine-actions";
import { onError, onNotFound } from "./error-handler";
import { apiKeys } from "./middleware/api-keys";
import { edgeHygiene } from "./middleware/edge-hygiene";
import { requestContext } from "./middleware/request-context";
import { serveDocument } from "./openapi/document";
import { registerAdminAccountRoutes } from "./routes/admin-accounts";
import { registerAdminBookingRoutes } from "./routes/admin-bookings";
import { registerAdminDeadLetterRoutes } from "./routes/admin-dead-letters";
import { registerAdminMetricsRoutes } from "./routes/admin-metrics";
import { registerApiKeyRoutes } from "./routes/api-keys";
import { registerAuthRoutes } from "./routes/auth";
import { registerBookingRoutes } from "./routes/bookings";
import { registerHealthRoutes } from "./routes/health";
import { registerHoldRoutes } from "./routes/holds";
import { registerLiveRoutes } from "./routes/live";
import { registerMeRoutes } from "./routes/me";
import { registerMeBookingRoutes } from "./routes/me-bookings";
import { registerMeClaimRoutes } from "./routes/me-claim";
import { registerMeDataRoutes } from "./routes/me-data";
import { registerMeTripRoutes } from "./routes/me-trips";
import { registerOrganiserRoutes } from "./routes/organiser";
import { registerOrganiserInventoryRoutes } from "./routes/organiser-inventory";
import { registerPasskeyRoutes } from "./routes/passkeys";
import { registerPlaceRoutes } from "./routes/places";
import { registerTripRoutes } from "./routes/trips";
import { registerTripBookingRoutes } from "./routes/trips-book";
import { registerWaitingRoomRoutes } from "./routes/waiting-rooms";
import { registerWebhookRoutes } from "./routes/webhooks";

/**
 * Production and tests build the same app: the engine's routes and every registered product's
 * (src/products/registry.ts). `isolate` holds what every product shares for as long as the
 * isolate lives (in-flight de-duplication, version memo, Redis breaker): created once per module load.
 */
export function createApp(isolate: IsolateState = createIsolateState()): App {
  const app = new OpenAPIHono<HttpEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound(onNotFound);
  app.use("*", requestContext(isolate.metrics));
  app.use("*", rateLimitState(isolate.rateLimits));
  app.use("*", ...edgeHygiene());
  app.use("*", apiKeys);

  registerHealthRoutes(app);
  registerPlaceRoutes(app);
  registerHoldRoutes(app, isolate);
  registerWaitingRoomRoutes(app, isolate);
  registerLiveRoutes(app, isolate);
  registerTripRoutes(app, isolate);
  registerTripBookingRoutes(app);
  for (const product of PRODUCTS) product.registerRoutes(app, { isolate, engine: engineActions });
  registerAdminDeadLetterRoutes(app);
  registerAdminBookingRoutes(app);
  registerAdminMetricsRoutes(app, isolate);
  registerBookingRoutes(app);
  registerWebhookRoutes(app);
  registerAuthRoutes(app);
  registerPasskeyRoutes(app);
  registerMeRoutes(app);
  registerMeBookingRoutes(app);
  registerMeClaimRoutes(app);
  registerMeDataRoutes(app);
  registerMeTripRoutes(app);
  registerOrganiserRoutes(app);
  registerOrganiserInventoryRoutes(app);
  registerApiKeyRoutes(app);
  registerAdminAccountRoutes(app);

  // After every route: the document is completed from the router (src/http/openapi/complete.ts).
  app.get("/openapi.json", serveDocument(app));
  registerWebRoutes(app);
  return app;
}
