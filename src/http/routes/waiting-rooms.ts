import { createRoute } from "@hono/zod-openapi";
import type { App } from "../../api/context";
import type { IsolateState } from "../../api/isolate-state";
import { access } from "../../api/middleware/access";
import { idempotency } from "../../api/middleware/idempotency";
import { rateLimit } from "../../api/middleware/rate-limit";
import { ProblemError } from "../../api/problem";
import { problemResponses } from "../../api/schemas";
import type { Services } from "../../api/services";
import { productOfUnit } from "../../products/registry";
import type { WaitingRoomRpc } from "../../waiting-room/contract";
import { edgeRoom, publishRoom, withdrawRoom } from "../../waiting-room/edge-rooms";
import { judgePass, readPass, signPass, type WaitingRoomPass } from "../../waiting-room/pass";
import { aheadOf, WAITING_ROOM_POLICY, type WaitingRoomConfig } from "../../waiting-room/room";
import { waitingRoomSecret } from "../../waiting-room/secret";
import { IdempotencyHeaders } from "../schemas/holds";
import { OpenRoomBody, PassHeaders, PlaceSchema, RoomSchema, UnitIdParams } from "../schemas/waiting-rooms";

const json = <T>(description: string, schema: T) => ({ description, content: { "application/json": { schema } } });
const unitOfPath = (c: { req: { param: (name: string) => string | undefined } }) => [c.req.param("unit_id") ?? ""];

const openRoute = createRoute({
  middleware: [rateLimit("write"), access.inventory(unitOfPath)] as const,
  method: "put",
  path: "/v1/admin/waiting-rooms/{unit_id}",
  operationId: "openWaitingRoom",
  tags: ["admin"],
  summary: "Open (or change) the waiting room in front of one unit for an on-sale",
  description:
    "From when every location has read it (about a minute: open it before the sale), holds on the unit need a pass " +
    "from the room's line, admitted at `rate_per_second` in join order. Changing an open room keeps its line.",
  request: {
    params: UnitIdParams,
    body: { required: true, content: { "application/json": { schema: OpenRoomBody } } },
  },
  responses: { 200: json("The room", RoomSchema), ...problemResponses(400, 404, 503) },
});

const closeRoute = createRoute({
  middleware: [rateLimit("write"), access.inventory(unitOfPath)] as const,
  method: "delete",
  path: "/v1/admin/waiting-rooms/{unit_id}",
  operationId: "closeWaitingRoom",
  tags: ["admin"],
  summary: "Close a unit's waiting room: holds go straight to the unit again",
  request: { params: UnitIdParams },
  responses: { 200: json("The closed room", RoomSchema), ...problemResponses(404) },
});

const readRoute = createRoute({
  middleware: [rateLimit("lookup"), access.inventory(unitOfPath)] as const,
  method: "get",
  path: "/v1/admin/waiting-rooms/{unit_id}",
  operationId: "getWaitingRoom",
  tags: ["admin"],
  summary: "A unit's waiting room and how many have joined its line",
  request: { params: UnitIdParams },
  responses: { 200: json("The room", RoomSchema), ...problemResponses(404) },
});

const joinRoute = createRoute({
  middleware: [rateLimit("write"), access.open("book"), idempotency()] as const,
  method: "post",
  path: "/v1/waiting-rooms/{unit_id}/join",
  operationId: "joinWaitingRoom",
  tags: ["holds"],
  summary: "Take a place in a unit's waiting-room line",
  description:
    "Answers the place, when it is ready and a signed pass. From `ready_at` for two minutes, the pass lets " +
    "`POST /v1/holds` (header `Waiting-Room-Pass`) place one hold; retrying with the same pass answers that hold. " +
    "Send an `Idempotency-Key`: a retried join then answers the same place instead of a later one.",
  request: { params: UnitIdParams, headers: IdempotencyHeaders },
  responses: { 201: json("Your place", PlaceSchema), ...problemResponses(400, 404, 409, 503) },
});

const statusRoute = createRoute({
  middleware: [rateLimit("lookup"), access.open("book")] as const,
  method: "get",
  path: "/v1/waiting-rooms/{unit_id}/place",
  operationId: "getWaitingRoomPlace",
  tags: ["holds"],
  summary: "Where your pass stands in the line (answered at the edge, no object call)",
  request: { params: UnitIdParams, headers: PassHeaders },
  responses: { 200: json("Your place", PlaceSchema), ...problemResponses(403, 404, 409) },
});

const roomObject = (services: Services, unitId: string) =>
  services.env.WAITING_ROOM.getByName(unitId) as unknown as WaitingRoomRpc;

function knownUnit(unitId: string): void {
  if (!productOfUnit(unitId)) throw ProblemError.of("UNIT_NOT_FOUND", `No departure, property or event is ${unitId}.`);
}

function secretOf(services: Services): string {
  const secret = waitingRoomSecret(services.env);
  if (!secret) throw ProblemError.of("WAITING_ROOM_UNAVAILABLE", "WAITING_ROOM_SECRET is not set.");
  return secret;
}

const presentRoom = (unitId: string, room: WaitingRoomConfig | null, joined: number) => ({
  unit_id: unitId,
  open: room !== null,
  rate_per_second: room?.ratePerSecond ?? null,
  until: room ? new Date(room.until).toISOString() : null,
  joined,
});

function presentPlace(pass: WaitingRoomPass, ratePerSecond: number, now: number, token?: string) {
  return {
    unit_id: pass.unitId,
    position: pass.position,
    ready_at: new Date(pass.slotAt).toISOString(),
    ready: now >= pass.slotAt,
    ahead: aheadOf(pass.slotAt, now, ratePerSecond),
    expires_at: new Date(pass.slotAt + WAITING_ROOM_POLICY.admissionWindowSeconds * 1000).toISOString(),
    ...(token ? { pass: token } : {}),
  };
}

export function registerWaitingRoomRoutes(app: App, isolate: IsolateState): void {
  app.openapi(openRoute, async (c) => {
    const { services } = c.var;
    const unitId = c.req.valid("param").unit_id;
    knownUnit(unitId);
    secretOf(services);
    const body = c.req.valid("json");
    const now = services.clock.now();
    const until = Date.parse(body.until);
    if (until <= now || until - now > WAITING_ROOM_POLICY.maxOpenHours * 3_600_000) {
      throw ProblemError.of(
        "VALIDATION_FAILED",
        `until must be in the future and at most ${WAITING_ROOM_POLICY.maxOpenHours} hours ahead.`,
        { errors: [{ field: "until", message: "out of range" }] },
      );
    }
    const settings = { ratePerSecond: body.rate_per_second, until };
    const { room, queue } = await roomObject(services, unitId).open(unitId, settings, now);
    await publishRoom(services.env.ROUTE_CACHE, room);
    isolate.waitingRooms.entries.delete(unitId);
    return c.json(presentRoom(unitId, room, queue.joined), 200);
  });

  app.openapi(closeRoute, async (c) => {
    const { services } = c.var;
    const unitId = c.req.valid("param").unit_id;
    knownUnit(unitId);
    const now = services.clock.now();
    const { queue } = await roomObject(services, unitId).close(now);
    await withdrawRoom(services.env.ROUTE_CACHE, unitId);
    isolate.waitingRooms.entries.delete(unitId);
    return c.json(presentRoom(unitId, null, queue.joined), 200);
  });

  app.openapi(readRoute, async (c) => {
    const { services } = c.var;
    const unitId = c.req.valid("param").unit_id;
    knownUnit(unitId);
    const { room, queue } = await roomObject(services, unitId).describe(services.clock.now());
    return c.json(presentRoom(unitId, room, room ? queue.joined : 0), 200);
  });

  app.openapi(joinRoute, async (c) => {
    const { services } = c.var;
    const unitId = c.req.valid("param").unit_id;
    knownUnit(unitId);
    const secret = secretOf(services);
    const now = services.clock.now();
    const joined = await roomObject(services, unitId).join(now);
    if (!joined.ok) throw new ProblemError(joined.error);
    const { slot, room } = joined.value;
    const pass = { unitId, version: room.version, ...slot };
    return c.json(presentPlace(pass, room.ratePerSecond, now, await signPass(pass, secret)), 201);
  });

  app.openapi(statusRoute, async (c) => {
    const { services } = c.var;
    const unitId = c.req.valid("param").unit_id;
    knownUnit(unitId);
    const now = services.clock.now();
    const room = await edgeRoom(isolate.waitingRooms, services.env.ROUTE_CACHE, unitId, now);
    if (!room) throw ProblemError.of("WAITING_ROOM_NOT_FOUND", `${unitId} has no open waiting room: hold directly.`);
    const token = c.req.valid("header")["waiting-room-pass"];
    const secret = waitingRoomSecret(services.env);
    const pass = token && secret ? await readPass(token, secret) : null;
    // Judged as of its slot when that is still ahead: a pass waiting for its turn is a valid place, not an error.
    const judged = judgePass(pass, room, Math.max(now, pass?.slotAt ?? now));
    if (!judged.ok) throw new ProblemError(judged.error);
    return c.json(presentPlace(judged.value, room.ratePerSecond, now), 200);
  });
}
