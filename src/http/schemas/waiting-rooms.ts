import { z } from "@hono/zod-openapi";
import { WAITING_ROOM_POLICY } from "../../waiting-room/room";

export const UnitIdParams = z.object({
  unit_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "unit_id", in: "path" }, example: "evt_…" }),
});

export const PassHeaders = z.object({
  "waiting-room-pass": z
    .string()
    .max(512)
    .optional()
    .openapi({ description: "The pass from POST /v1/waiting-rooms/{unit_id}/join." }),
});

export const OpenRoomBody = z
  .object({
    rate_per_second: z
      .number()
      .int()
      .min(WAITING_ROOM_POLICY.minRatePerSecond)
      .max(WAITING_ROOM_POLICY.maxRatePerSecond)
      .openapi({ description: "Holds admitted per second: what the unit's object sustains (BENCHMARKS.md)." }),
    until: z
      .string()
      .datetime({ offset: true })
      .openapi({
        description: `When the room closes (ISO 8601), at most ${WAITING_ROOM_POLICY.maxOpenHours} hours ahead.`,
      }),
  })
  .strict();

export const RoomSchema = z
  .object({
    unit_id: z.string(),
    open: z.boolean(),
    rate_per_second: z.number().int().nullable(),
    until: z.string().nullable(),
    joined: z.number().int().openapi({ description: "Places handed out in this room's line." }),
  })
  .openapi("WaitingRoom");

export const PlaceSchema = z
  .object({
    unit_id: z.string(),
    position: z.number().int().openapi({ description: "1 for the first to join this room's line." }),
    ready_at: z.string().openapi({ description: "From then on the pass admits one hold, for two minutes." }),
    ready: z.boolean(),
    ahead: z.number().int().openapi({ description: "About how many are admitted before you." }),
    expires_at: z.string().openapi({ description: "After this the pass admits nothing: join again." }),
    pass: z.string().optional().openapi({ description: "Send it as the Waiting-Room-Pass header of POST /v1/holds." }),
  })
  .openapi("WaitingRoomPlace");
