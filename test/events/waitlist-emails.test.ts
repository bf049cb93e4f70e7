import { describe, expect, it } from "vitest";
import { renderEmail } from "../../src/notifications/render";
import { offerEmail } from "../../src/products/events/waitlist/emails";

describe("the waitlist's emails as the outbox renders them (product_notice)", () => {
  it("keeps the product's words, one paragraph each, and escapes them in the HTML", () => {
    const email = offerEmail(
      { id: "wle_1", email: "a@example.com", name: "<b>Zoë</b>", quantity: 2 },
      { name: "Fixture & Friends", timezone: "Europe/London" },
      "Stalls",
      { holdId: "hld_x", expiresAt: Date.UTC(2026, 11, 5, 19, 30) },
    );
    const paragraphs = email.text.split(/\n{2,}/).map((p) => p.trim());
    const rendered = renderEmail({ kind: "product_notice", data: { subject: email.subject, paragraphs } });
    expect(rendered.subject).toBe("Tickets for Fixture & Friends are held for you");
    expect(rendered.text).toContain("Hello <b>Zoë</b>,");
    expect(rendered.text).toContain("Book them with hold hld_x before then");
    expect(rendered.html).toContain("Hello &lt;b&gt;Zoë&lt;/b&gt;,");
    expect(rendered.html).not.toContain("<b>Zoë</b>");
  });
});
