import { swaggerUI } from "@hono/swagger-ui";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { HttpEnv } from "./context";
import { onError, onNotFound } from "./error-handler";
import { createIsolateState, type IsolateState } from "./isolate-state";
import { edgeHygiene } from "./middleware/edge-hygiene";
import { rateLimitState } from "./middleware/rate-limit";
import { requestContext } from "./middleware/request-context";
import { serveDocument } from "./openapi/document";
import { registerAdminBookingRoutes } from "./routes/admin-bookings";
import { registerAdminDeadLetterRoutes } from "./routes/admin-dead-letters";
import { registerAdminDepartureRoutes } from "./routes/admin-departures";
import { registerBookingRoutes } from "./routes/bookings";
import { registerDepartureRoutes } from "./routes/departures";
import { registerHealthRoutes } from "./routes/health";
import { registerHoldRoutes } from "./routes/holds";
import { registerPlaceRoutes } from "./routes/places";
import { registerSearchRoutes } from "./routes/search";
import { registerWebhookRoutes } from "./routes/webhooks";
import { validationHook } from "./validation-hook";

export type App = OpenAPIHono<HttpEnv>;

/**
 * Production and tests build the same app. `isolate` holds what lives as long as the isolate
 * (the memory cache tier, in-flight de-duplication, rate-limit caches): created once per module load.
 */
export function createApp(isolate: IsolateState = createIsolateState()): App {
  const app = new OpenAPIHono<HttpEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound(onNotFound);
  app.use("*", requestContext);
  app.use("*", rateLimitState(isolate.rateLimits));
  app.use("*", ...edgeHygiene());

  registerHealthRoutes(app, isolate);
  registerPlaceRoutes(app);
  registerHoldRoutes(app);
  registerSearchRoutes(app, isolate);
  registerDepartureRoutes(app);
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
