import { createRoute, z } from "@hono/zod-openapi";
import { assignUnits, grantRole } from "../../accounts/roles";
import type { App } from "../../api/context";
import { access } from "../../api/middleware/access";
import { idempotency } from "../../api/middleware/idempotency";
import { rateLimit } from "../../api/middleware/rate-limit";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import { ROLES } from "../../db/schema";
import { PRODUCTS } from "../../products/registry";

const UNIT_ID = new RegExp(`^(?:${PRODUCTS.map((p) => p.idPrefix).join("|")})_[A-Za-z0-9_-]{1,60}$`);

const grantRouteDef = createRoute({
  method: "post",
  path: "/v1/admin/role-grants",
  operationId: "grantRole",
  tags: ["admin"],
  summary: "Give an account a role (traveller, organiser, admin)",
  middleware: [rateLimit("write"), access.role("admin"), idempotency()] as const,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ email: z.email().max(254), role: z.enum(ROLES) }) } },
    },
  },
  responses: {
    200: {
      description: "The account with its new role",
      content: {
        "application/json": {
          schema: z.object({ data: z.object({ id: z.string(), email: z.string(), role: z.enum(ROLES) }) }),
        },
      },
    },
    ...problemResponses(404),
  },
});

const ownersRouteDef = createRoute({
  method: "put",
  path: "/v1/admin/inventory-owners/{account_id}",
  operationId: "assignInventory",
  tags: ["admin"],
  summary: "Hand departures, properties or events to an organiser (a unit has one owner)",
  middleware: [rateLimit("write"), access.role("admin")] as const,
  request: {
    params: z.object({
      account_id: z
        .string()
        .max(64)
        .openapi({ param: { name: "account_id", in: "path" } }),
    }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            unit_ids: z
              .array(z.string().regex(UNIT_ID, "a departure, property or event id"))
              .min(1)
              .max(100)
              .openapi({ example: ["evt_lis_fado_0001"] }),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Assigned",
      content: { "application/json": { schema: z.object({ data: z.object({ unit_ids: z.array(z.string()) }) }) } },
    },
    ...problemResponses(404, 409),
  },
});

export function registerAdminAccountRoutes(app: App): void {
  app.openapi(grantRouteDef, async (c) => {
    const result = await grantRole({ deps: c.var.services, input: c.req.valid("json") });
    if (!result.ok) throw new ProblemError(result.error);
    c.var.services.log.info("role_granted", { account_id: result.value.id, role: result.value.role });
    return c.json({ data: result.value }, 200);
  });

  app.openapi(ownersRouteDef, async (c) => {
    const { services } = c.var;
    const result = await assignUnits({
      deps: { db: services.db, now: services.clock.now() },
      input: { accountId: c.req.valid("param").account_id, unitIds: [...new Set(c.req.valid("json").unit_ids)] },
    });
    if (!result.ok) throw new ProblemError(result.error);
    return c.json({ data: { unit_ids: result.value.unitIds } }, 200);
  });
}
