import { createRoute, z } from "@hono/zod-openapi";
import { createApiKey, listApiKeys, revokeApiKey } from "../../accounts/api-keys";
import { ACCOUNT_POLICY } from "../../accounts/policy";
import type { App } from "../../api/context";
import { access } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { principalOf } from "../../api/principal";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import { API_KEY_SCOPES } from "../../db/schema";

const iso = (epochSeconds: number | null) =>
  epochSeconds === null ? null : new Date(epochSeconds * 1000).toISOString();

const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_c2VjcmV0c2VjcmV0" }),
    name: z.string(),
    prefix: z.string().openapi({ description: "The visible start of the key, e.g. `efk_Ab3dEf9h`" }),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    rate_limit_per_minute: z.number().int().nullable(),
    created_at: z.string(),
    last_used_at: z.string().nullable().openapi({ description: "To the minute" }),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi("ApiKey");

const CreateBody = z.object({
  name: z.string().trim().min(1).max(80),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
  rate_limit_per_minute: z
    .number()
    .int()
    .min(ACCOUNT_POLICY.apiKeyRateLimit.min)
    .max(ACCOUNT_POLICY.apiKeyRateLimit.max)
    .nullable()
    .default(null)
    .openapi({ description: "This key's budget in every rate-limit bucket; null: the default budgets" }),
  expires_at: z.iso.datetime({ offset: true }).nullable().default(null),
});

const createRouteDef = createRoute({
  method: "post",
  path: "/v1/api-keys",
  operationId: "createApiKey",
  tags: ["accounts"],
  summary: "Create a partner API key (the key is shown once)",
  middleware: [rateLimit("write"), access.signedIn()] as const,
  request: { body: { required: true, content: { "application/json": { schema: CreateBody } } } },
  responses: {
    201: {
      description: "Created. `key` is not shown again: only its hash is stored",
      content: { "application/json": { schema: z.object({ data: ApiKeySchema.extend({ key: z.string() }) }) } },
    },
    ...problemResponses(403, 409),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/v1/api-keys",
  operationId: "listApiKeys",
  tags: ["accounts"],
  summary: "The account's API keys, newest first (never the secrets)",
  middleware: [rateLimit("lookup"), access.signedIn()] as const,
  responses: {
    200: {
      description: "Keys",
      content: { "application/json": { schema: z.object({ data: z.array(ApiKeySchema) }) } },
    },
  },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/v1/api-keys/{id}",
  operationId: "revokeApiKey",
  tags: ["accounts"],
  summary: "Revoke one of the account's keys (refused with 401 from then on)",
  middleware: [rateLimit("write"), access.signedIn()] as const,
  request: {
    params: z.object({
      id: z
        .string()
        .max(64)
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: { 204: { description: "Revoked" }, ...problemResponses(404) },
});

export function registerApiKeyRoutes(app: App): void {
  app.openapi(createRouteDef, async (c) => {
    const { services } = c.var;
    const p = await principalOf(c);
    if (p.kind !== "session") throw ProblemError.of("SESSION_REQUIRED", "Sign in first.");
    const body = c.req.valid("json");
    const now = services.clock.now();
    const expiresAt = body.expires_at === null ? null : Math.floor(Date.parse(body.expires_at) / 1000);
    const created = await createApiKey({
      deps: { db: services.db, now },
      input: {
        accountId: p.session.accountId,
        role: p.session.role,
        name: body.name,
        scopes: body.scopes,
        rateLimitPerMinute: body.rate_limit_per_minute,
        expiresAt,
      },
    });
    if (!created.ok) throw new ProblemError(created.error);
    c.header("Cache-Control", "no-store");
    const { id, key, prefix } = created.value;
    return c.json(
      {
        data: {
          id,
          key,
          name: body.name,
          prefix,
          scopes: [...new Set(body.scopes)],
          rate_limit_per_minute: body.rate_limit_per_minute,
          created_at: iso(Math.floor(now / 1000)) ?? "",
          last_used_at: null,
          expires_at: iso(expiresAt),
          revoked_at: null,
        },
      },
      201,
    );
  });

  app.openapi(listRoute, async (c) => {
    const p = await principalOf(c);
    if (p.kind !== "session") throw ProblemError.of("SESSION_REQUIRED", "Sign in first.");
    const rows = await listApiKeys({ deps: c.var.services, input: { accountId: p.session.accountId } });
    c.header("Cache-Control", "private, no-store");
    return c.json(
      {
        data: rows.map((k) => ({
          id: k.id,
          name: k.name,
          prefix: k.prefix,
          scopes: k.scopes,
          rate_limit_per_minute: k.rateLimitPerMinute,
          created_at: iso(k.createdAt) ?? "",
          last_used_at: iso(k.lastUsedAt),
          expires_at: iso(k.expiresAt),
          revoked_at: iso(k.revokedAt),
        })),
      },
      200,
    );
  });

  app.openapi(revokeRoute, async (c) => {
    const { services } = c.var;
    const p = await principalOf(c);
    if (p.kind !== "session") throw ProblemError.of("SESSION_REQUIRED", "Sign in first.");
    const { id } = c.req.valid("param");
    const revoked = await revokeApiKey({
      deps: { db: services.db, now: services.clock.now() },
      input: { accountId: p.session.accountId, id },
    });
    if (!revoked) throw ProblemError.of("API_KEY_NOT_FOUND", `The account has no active key '${id}'.`);
    return c.body(null, 204);
  });
}
