import type { Handler } from "hono";
import type { App, HttpEnv } from "../../api/context";
import { ACCOUNT_SECURITY_SCHEMES } from "../../api/middleware/access";
import { ProblemSchema } from "../../api/schemas";
import { WEBHOOK_SIGNATURE_HEADER } from "../../payments/webhook-signature";
import { completeDocument, type OpenApiDocument } from "./complete";

const OBJECT = {
  openapi: "3.1.0",
  info: {
    title: "edgefare API",
    version: "1.0.0",
    description:
      "Edge-first travel search and booking. Errors are RFC 9457 problem+json with a stable `code`; every " +
      "operation lists each status it can answer, those of the middleware in front of it included.",
    license: { name: "MIT", identifier: "MIT" },
  },
  tags: [
    { name: "places", description: "Autocomplete over the bundled place catalogue" },
    { name: "search", description: "Trips on a route-day, from the tiered cache or the origin database" },
    { name: "holds", description: "Seats held at a locked price for a few minutes" },
    { name: "bookings", description: "Booking a hold, reading and cancelling it" },
    { name: "payments", description: "Events from the payment provider" },
    { name: "accounts", description: "Sign-in, sessions, partner API keys" },
    { name: "admin", description: "Operator routes: admins (and organisers for their own inventory)" },
    { name: "ops", description: "Health of the deployment" },
  ],
};

/** The credentials the API understands; an operation names the ones it needs in `security`. */
export const SECURITY_SCHEMES = {
  ...ACCOUNT_SECURITY_SCHEMES,
  adminKey: {
    type: "http",
    scheme: "bearer",
    description:
      "`Authorization: Bearer <ADMIN_API_KEY>` (a secret of the deployment): the bootstrap admin, for set-up and scripts.",
  },
  ownerToken: {
    type: "http",
    scheme: "bearer",
    description: "`Authorization: Bearer <owner_token>`, shown once when the booking is created.",
  },
  webhookSignature: {
    type: "apiKey",
    in: "header",
    name: WEBHOOK_SIGNATURE_HEADER,
    description:
      "`t=<unix seconds>,v1=<hex HMAC-SHA256(PAYMENT_WEBHOOK_SECRET, t + '.' + raw body)>`, Stripe's scheme; " +
      "the timestamp must be within 300 s.",
  },
} as const;

/** The document of every operation registered on `app`, completed from its router. */
export function buildDocument(app: App): OpenApiDocument {
  app.openAPIRegistry.register("Problem", ProblemSchema);
  // Typed by openapi3-ts, which is not our dependency; the shape is the specification's.
  const doc = app.getOpenAPI31Document(OBJECT) as unknown as OpenApiDocument;
  completeDocument(doc, app.routes);
  const registered = doc.components?.securitySchemes as Record<string, unknown> | undefined;
  doc.components = { ...doc.components, securitySchemes: { ...registered, ...SECURITY_SCHEMES } };
  return doc;
}

/**
 * `GET /openapi.json`. Built once per app (it takes tens of milliseconds), after every route is
 * registered; `servers` is the origin that served it, so "try it" in /docs calls this deployment.
 */
export function serveDocument(app: App): Handler<HttpEnv> {
  let doc: OpenApiDocument | undefined;
  return (c) => {
    doc ??= buildDocument(app);
    return c.json(withServer(doc, new URL(c.req.url).origin, "This deployment"));
  };
}

export function withServer(doc: OpenApiDocument, url: string, description: string): OpenApiDocument {
  const { openapi, info, ...rest } = doc;
  return { openapi, info, servers: [{ url, description }], ...rest };
}
