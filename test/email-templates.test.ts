import { describe, expect, it } from "vitest";
import { escapeHtml, formatLocalTime, formatMoney } from "../src/notifications/format";
import { renderEmail } from "../src/notifications/render";
import type { BookingEmailData, BookingEmailTemplate, EmailTemplate } from "../src/notifications/types";

const booking: BookingEmailData = {
  reference: "K7M2QX",
  passengers: [
    { givenName: "Ada", familyName: "Lovelace" },
    { givenName: "Alan", familyName: "Turing" },
  ],
  items: [
    {
      title: "LHR → CDG",
      startLabel: "Departs",
      startsAt: Date.UTC(2026, 11, 14, 7, 30) / 1000,
      timezone: "Europe/London",
      location: "London Heathrow (LHR)",
      details: [
        ["Service", "Test Air TA 1"],
        ["Cabin", "Economy"],
        ["Seats", "2"],
      ],
    },
  ],
  total: { minor: 25900, currency: "EUR" },
};

const paid = { minor: 25900, currency: "EUR" };
const charged = { state: "charged", amount: paid } as const;
const refunding = { state: "refunding", amount: { minor: 20000, currency: "EUR" } } as const;
const notCharged = { state: "not_charged" } as const;
const unknown = { state: "unknown", amount: paid } as const;
const partly = { state: "partly_refunding", amount: paid, refund: { minor: 12950, currency: "EUR" } } as const;
const notRefunded = { state: "not_refunded", amount: paid } as const;

/** Every booking email, once per money outcome it can state; the name is its snapshot file. */
const outcomes: [name: string, template: BookingEmailTemplate][] = [
  ["booking_confirmed", { kind: "booking_confirmed", data: { ...booking, money: charged } }],
  ["payment_failed", { kind: "payment_failed", data: { ...booking, money: notCharged } }],
  [
    "hold_expired-not-charged",
    { kind: "hold_expired", data: { ...booking, passengers: booking.passengers.slice(0, 1), money: notCharged } },
  ],
  ["hold_expired-refunded", { kind: "hold_expired", data: { ...booking, money: refunding } }],
  ["booking_cancelled-refunded", { kind: "booking_cancelled", data: { ...booking, money: refunding } }],
  ["booking_cancelled-not-charged", { kind: "booking_cancelled", data: { ...booking, money: notCharged } }],
  ["booking_cancelled-partly-refunded", { kind: "booking_cancelled", data: { ...booking, money: partly } }],
  ["booking_cancelled-not-refunded", { kind: "booking_cancelled", data: { ...booking, money: notRefunded } }],
  ["late_charge_refunded", { kind: "late_charge_refunded", data: { ...booking, money: refunding } }],
  ["payment_unresolved", { kind: "payment_unresolved", data: { ...booking, money: unknown } }],
  ["booking_reminder", { kind: "booking_reminder", data: { ...booking, money: charged } }],
];

/** What each money outcome must say, and what it must never say, in the text and in the HTML. */
const TRUTH: Record<string, { says: string[]; never: string[] }> = {
  charged: {
    says: ["We charged €259.00 to your payment method.", "Total paid"],
    never: ["not been charged", "refund"],
  },
  not_charged: {
    says: ["You have not been charged: no money was taken for this booking.", "Not charged"],
    never: ["We charged", "refund"],
  },
  refunding: {
    says: [
      "We charged €200.00 to your payment method and are refunding the full amount to it.",
      "The refund usually appears within 5 to 10 working days, depending on your bank.",
      "€200.00, in full, to your original payment method",
    ],
    never: ["not been charged"],
  },
  partly_refunding: {
    says: [
      "We charged €259.00 to your payment method and are refunding €129.50 of it",
      "The refund usually appears within 5 to 10 working days, depending on your bank.",
      "€129.50 of €259.00, to your original payment method",
    ],
    never: ["not been charged", "full amount"],
  },
  not_refunded: {
    says: ["We charged €259.00 to your payment method.", "nothing is refunded"],
    never: ["not been charged", "are refunding"],
  },
  unknown: {
    says: [
      "The payment provider never told us whether your payment of €259.00 went through.",
      "If it did, we refund it in full automatically and email you when the refund is on its way",
    ],
    never: ["We charged", "are refunding"],
  },
};

describe("email templates", () => {
  // Rendered output is kept as files next to this test (test/__snapshots__/emails/): review
  // them like any other change; `vitest -u` rewrites them.
  it.each(outcomes)("renders %s as text and HTML", async (name, template) => {
    const email = renderEmail(template);
    await expect(`Subject: ${email.subject}\n\n${email.text}`).toMatchFileSnapshot(
      `./__snapshots__/emails/${name}.txt`,
    );
    await expect(email.html).toMatchFileSnapshot(`./__snapshots__/emails/${name}.html`);
  });

  it.each(outcomes)("says what happened to the money in %s, in both parts", (_name, template) => {
    const email = renderEmail(template);
    const truth = TRUTH[template.data.money.state];
    if (!truth) throw new Error(`no truth table for ${template.data.money.state}`);
    for (const part of [email.text, email.html]) {
      for (const sentence of truth.says) expect(part).toContain(sentence);
      for (const lie of truth.never) expect(part.toLowerCase()).not.toContain(lie.toLowerCase());
    }
  });

  it("tells a traveller whose payment went through after the hold was gone that the booking failed, not the hold", () => {
    const email = renderEmail({ kind: "hold_expired", data: { ...booking, money: refunding } });
    expect(email.subject).toBe("Booking K7M2QX could not be completed: your payment is being refunded");
    expect(email.text).toContain(
      "Your payment went through after what we held for you had been released, so we could not confirm this booking.",
    );
  });

  it("cannot be given a money outcome its kind never has", () => {
    const wrong: EmailTemplate[] = [
      // @ts-expect-error a hold that lapsed leaves the money uncharged or refunded, never simply charged
      { kind: "hold_expired", data: { ...booking, money: charged } },
      // @ts-expect-error a declined payment took no money
      { kind: "payment_failed", data: { ...booking, money: refunding } },
      // @ts-expect-error a confirmation is for money taken
      { kind: "booking_confirmed", data: { ...booking, money: notCharged } },
      // @ts-expect-error every booking email states the money
      { kind: "booking_cancelled", data: booking },
    ];
    expect(wrong).toHaveLength(4);
  });

  it("escapes markup in a passenger name in the HTML part and keeps it verbatim in the text part", () => {
    const hostile = { givenName: '<script>alert("x")</script>', familyName: "O'Brien & <b>Co</b>" };
    const email = renderEmail({
      kind: "booking_confirmed",
      data: { ...booking, passengers: [hostile], money: charged },
    });
    expect(email.html).not.toContain("<script");
    expect(email.html).not.toContain("<b>");
    expect(email.html).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; &lt;b&gt;Co&lt;/b&gt;",
    );
    expect(email.text).toContain(`Traveller: <script>alert("x")</script> O'Brien & <b>Co</b>`);
  });

  it("escapes every HTML-significant character", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });
});

describe("email formatting", () => {
  it("divides by the currency's own minor unit", () => {
    expect(formatMoney({ minor: 25900, currency: "EUR" })).toBe("€259.00");
    expect(formatMoney({ minor: 12345, currency: "JPY" })).toBe("JP¥12,345");
    expect(formatMoney({ minor: 1234, currency: "KWD" })).toBe("KWD\u00a01.234");
    expect(formatMoney({ minor: 999, currency: "GBP" })).toBe("£9.99");
  });

  it("divides by the ISO 4217 minor unit where Intl shows fewer digits (HUF, IDR, COP have cents but display none)", () => {
    expect(formatMoney({ minor: 1234500, currency: "HUF" })).toBe("HUF\u00a012,345");
    expect(formatMoney({ minor: 1850000, currency: "IDR" })).toBe("IDR\u00a018,500");
    expect(formatMoney({ minor: 470050, currency: "COP" })).toBe("COP\u00a04,700.50");
  });

  it("shows the departure in the origin's local time, with the zone", () => {
    const departsAt = Date.UTC(2026, 6, 1, 22, 15) / 1000;
    expect(formatLocalTime(departsAt, "Europe/Paris")).toBe("Thu, 2 Jul 2026, 00:15 CEST");
    expect(formatLocalTime(departsAt, "America/New_York")).toBe("Wed, 1 Jul 2026, 18:15 GMT-4");
    expect(formatLocalTime(departsAt, "UTC")).toBe("Wed, 1 Jul 2026, 22:15 UTC");
  });
});
