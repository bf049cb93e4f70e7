import { z } from "@hono/zod-openapi";

export const TicketJwksSchema = z
  .object({
    keys: z.array(
      z.object({
        kty: z.literal("OKP"),
        crv: z.literal("Ed25519"),
        x: z.string().openapi({ description: "The public key, base64url (RFC 8037)" }),
        kid: z.string().openapi({ description: "The key id ticket codes name" }),
        alg: z.literal("EdDSA").optional(),
        use: z.literal("sig").optional(),
      }),
    ),
  })
  .openapi("TicketKeys");

export const CheckInParams = z.object({
  event_id: z
    .string()
    .max(64)
    .openapi({ param: { name: "event_id", in: "path" }, example: "evt_0h5k2m9q1x" }),
});

export const CheckInBody = z
  .object({
    code: z.string().min(1).max(1024).openapi({ description: "The ticket code, as its QR code reads" }),
    gate: z
      .string()
      .regex(/^[A-Za-z0-9 ._:-]{1,64}$/, "1 to 64 letters, digits, spaces or . _ : -")
      .openapi({ description: "The scanner or entrance", example: "north-1" }),
    scanned_at: z.iso.datetime({ offset: true }).optional().openapi({
      description: "When an offline door app scanned it (uploaded later); default: now. Within the last 7 days.",
      example: "2026-12-14T19:05:00Z",
    }),
  })
  .strict();

export const AdmissionSchema = z
  .object({
    ticket_id: z.string(),
    event_id: z.string(),
    tier_id: z.string(),
    booking_reference: z.string(),
    holder_initials: z.string().openapi({ description: "Initials of the holder's first and last name" }),
    gate: z.string(),
    checked_in_at: z.string().openapi({ description: "When it was scanned (ISO 8601, UTC)" }),
    scanned_offline: z.boolean(),
  })
  .openapi("TicketAdmission");

export const TicketIdParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "tkt_3k9x0q2m7w1p5r8t4v6y" }),
});

export const BookingReferenceParam = z.object({
  reference: z
    .string()
    .max(32)
    .openapi({ param: { name: "reference", in: "path" }, example: "K7M2QX" }),
});

export const TicketListSchema = z
  .object({
    data: z.array(
      z.object({
        id: z.string().openapi({ example: "tkt_3k9x0q2m7w1p5r8t4v6y" }),
        event_id: z.string(),
        tier_id: z.string(),
        position: z.number().int().openapi({ description: "1..n within its booking item" }),
        status: z.enum(["valid", "void"]).openapi({ description: "void: its booking item was cancelled" }),
        code: z.string().openapi({ description: "The signed ticket code the door scans (what the QR image shows)" }),
        holder_initials: z.string(),
        qr_svg: z.string().openapi({ description: "Path of the ticket's QR image (same credentials)" }),
      }),
    ),
  })
  .openapi("BookingTickets");
