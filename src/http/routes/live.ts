import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../api/context";
import type { IsolateState } from "../../api/isolate-state";
import { access } from "../../api/middleware/access";
import { rateLimit } from "../../api/middleware/rate-limit";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import { LIVE_POLICY, livePools } from "../../inventory/live";
import { inventoryStub } from "../../inventory/stub";
import { productOfUnit } from "../../products/registry";
import { UnitIdParams } from "../schemas/waiting-rooms";

const LivePoolSchema = z
  .object({ pool: z.string(), label: z.string(), available: z.number().int() })
  .openapi("LivePool");
const LiveSchema = z
  .object({
    unit_id: z.string(),
    as_of: z.string().openapi({ description: "When the object answered (polled answers are reused for 5 s)." }),
    data: z.array(LivePoolSchema),
  })
  .openapi("LiveAvailability");

const live = createRoute({
  middleware: [rateLimit("search"), access.open("search")] as const,
  method: "get",
  path: "/v1/units/{unit_id}/live",
  operationId: "liveAvailability",
  tags: ["search"],
  summary: "What a hold could get now on a departure, property or event, pushed over a WebSocket",
  description:
    "With `Upgrade: websocket` the unit's inventory object answers 101 and sends " +
    '`{"type":"availability","pools":[{pool,label,available}]}` at once and after every change it publishes ' +
    "(hibernating sockets: an idle page costs nothing). Without it, the same numbers as JSON, for clients that " +
    "poll. Advisory: only a hold decides.",
  request: { params: UnitIdParams },
  responses: {
    101: { description: "Switching to a WebSocket" },
    200: { description: "The unit's pools now", content: { "application/json": { schema: LiveSchema } } },
    ...problemResponses(404, 503),
  },
});

export function registerLiveRoutes(app: App, isolate: IsolateState): void {
  const polled = isolate.livePolls;
  app.openapi(live, async (c) => {
    const { services } = c.var;
    const unitId = c.req.valid("param").unit_id;
    const unknown = () => ProblemError.of("UNIT_NOT_FOUND", `No departure, property or event is ${unitId}.`);
    if (!productOfUnit(unitId)) throw unknown();
    const stub = inventoryStub(services.env, unitId);
    if (c.req.header("upgrade")?.toLowerCase() === "websocket") {
      // The object's fetch() takes the socket: the one call that is not RPC.
      const res = await services.env.INVENTORY.getByName(unitId).fetch(c.req.raw);
      if (res.status === 404) throw unknown();
      if (res.status === 503)
        throw ProblemError.of("ORIGIN_UNAVAILABLE", "Too many live pages on this unit: poll instead.");
      return res as never;
    }
    const now = services.clock.now();
    let memo = polled.get(unitId);
    if (!memo || now - memo.at > LIVE_POLICY.pollMemoSeconds * 1000) {
      const rows = await stub.liveAvailability();
      if (rows === null) throw unknown();
      memo = { at: now, data: livePools(rows) };
      if (polled.size > 5_000) polled.clear();
      polled.set(unitId, memo);
    }
    return c.json({ unit_id: unitId, as_of: new Date(memo.at).toISOString(), data: memo.data }, 200);
  });
}
