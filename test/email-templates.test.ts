import { describe, expect, it } from "vitest";
import { escapeHtml, formatLocalTime, formatMoney } from "../src/notifications/format";
import { renderEmail } from "../src/notifications/render";
import type { BookingEmailData, EmailTemplate } from "../src/notifications/types";

const booking: BookingEmailData = {
  reference: "K7M2QX",
  passengers: [
    { givenName: "Ada", familyName: "Lovelace" },
    { givenName: "Alan", familyName: "Turing" },
  ],
  trip: {
    originCode: "LHR",
    destinationCode: "CDG",
    departsAt: Date.UTC(2026, 11, 14, 7, 30) / 1000,
    service: "Test Air TA 1",
  },
  total: { minor: 25900, currency: "EUR" },
};

describe("email templates", () => {
  // Rendered output is kept as files next to this test (test/__snapshots__/emails/): review
  // them like any other change; `vitest -u` rewrites them.
  const templates: EmailTemplate[] = [
    { kind: "booking_confirmed", data: booking },
    { kind: "payment_failed", data: booking },
    { kind: "hold_expired", data: { ...booking, passengers: booking.passengers.slice(0, 1) } },
    { kind: "booking_cancelled", data: { ...booking, refund: { minor: 20000, currency: "EUR" } } },
    { kind: "departure_reminder", data: booking },
  ];

  it.each(templates.map((t) => [t.kind, t] as const))("renders %s as text and HTML", async (kind, template) => {
    const email = renderEmail(template);
    await expect(`Subject: ${email.subject}\n\n${email.text}`).toMatchFileSnapshot(
      `./__snapshots__/emails/${kind}.txt`,
    );
    await expect(email.html).toMatchFileSnapshot(`./__snapshots__/emails/${kind}.html`);
  });

  it("says there is nothing to refund when nothing was charged", () => {
    const email = renderEmail({ kind: "booking_cancelled", data: { ...booking, refund: null } });
    expect(email.text).toContain("You were not charged for this booking, so there is nothing to refund.");
    expect(email.text).not.toContain("refund of");
  });

  it("escapes markup in a passenger name in the HTML part and keeps it verbatim in the text part", () => {
    const hostile = { givenName: '<script>alert("x")</script>', familyName: "O'Brien & <b>Co</b>" };
    const email = renderEmail({ kind: "booking_confirmed", data: { ...booking, passengers: [hostile] } });
    expect(email.html).not.toContain("<script");
    expect(email.html).not.toContain("<b>");
    expect(email.html).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; &lt;b&gt;Co&lt;/b&gt;",
    );
    expect(email.text).toContain(`Passenger: <script>alert("x")</script> O'Brien & <b>Co</b>`);
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

  it("shows the departure in the origin's local time, with the zone", () => {
    const departsAt = Date.UTC(2026, 6, 1, 22, 15) / 1000;
    expect(formatLocalTime(departsAt, "Europe/Paris")).toBe("Thu, 2 Jul 2026, 00:15 CEST");
    expect(formatLocalTime(departsAt, "America/New_York")).toBe("Wed, 1 Jul 2026, 18:15 GMT-4");
    expect(formatLocalTime(departsAt, "UTC")).toBe("Wed, 1 Jul 2026, 22:15 UTC");
  });
});
