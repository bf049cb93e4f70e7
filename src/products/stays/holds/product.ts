import type { z } from "@hono/zod-openapi";
import type { ProductHolds } from "../../module";
import { StayHoldBody, type StayHoldBodyInput, StayHoldFieldsSchema } from "../http/schemas/hold";
import { mapStayHold, stayHoldFields } from "./request";

/**
 * A stay's fields on the shared Hold schema: optional there (only stay holds carry them), and
 * without `total_price`, which the engine's template already has with the same value.
 */
const { total_price: _total, ...stayFields } = StayHoldFieldsSchema.shape;
const responseFields: Record<string, z.ZodType> = Object.fromEntries(
  Object.entries(stayFields).map(([name, schema]) => [
    name,
    schema.optional().openapi({ description: "Stay holds only." }),
  ]),
);

/**
 * POST /v1/holds for rooms: `{ property_id, room_type_id, check_in, check_out, rooms, adults,
 * children }` becomes one line of `rooms` per night on the property's object, the party as the
 * hold's context (docs/stays.md "Holds").
 */
export const stayHolds: ProductHolds<StayHoldBodyInput> = {
  requestSchema: StayHoldBody,
  toRequest: (body) => mapStayHold(body, Date.now()),
  responseFields,
  present: (hold) => {
    const { total_price: _, ...fields } = stayHoldFields(hold);
    return fields;
  },
};
