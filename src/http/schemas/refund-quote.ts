import { z } from "@hono/zod-openapi";
import { MoneySchema } from "../../api/schemas";
import type { CancellationQuote } from "../../bookings/refund-quote";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const LineQuoteSchema = z.object({
  pool: z.string(),
  paid: MoneySchema,
  refund_percent: z.number().openapi({ description: "Share of the line's price refunded now", example: 100 }),
  refund: MoneySchema,
  changes_at: z.string().nullable().openapi({ description: "ISO 8601: when this line's share next drops" }),
});

export const RefundQuoteSchema = z
  .object({
    reference: z.string(),
    refund: MoneySchema.openapi({ description: "What cancelling now refunds, never more than was charged" }),
    valid_until: z.string().nullable().openapi({ description: "ISO 8601: the quote holds until then" }),
    items: z.array(
      z.object({
        item_id: z.string(),
        title: z.string(),
        refund: MoneySchema,
        lines: z.array(LineQuoteSchema),
      }),
    ),
  })
  .openapi("RefundQuote");

export function toRefundQuoteBody(q: CancellationQuote): z.infer<typeof RefundQuoteSchema> {
  const money = (minor: number) => ({ amount_minor: minor, currency: q.currency });
  return {
    reference: q.reference,
    refund: money(q.refundMinor),
    valid_until: iso(q.validUntil),
    items: q.items.map((item) => ({
      item_id: item.itemId,
      title: item.title,
      refund: money(item.refundMinor),
      lines: item.lines.map((l) => ({
        pool: l.pool,
        paid: money(l.totalMinor),
        refund_percent: l.refundBps / 100,
        refund: money(l.refundMinor),
        changes_at: iso(l.changesAt),
      })),
    })),
  };
}
