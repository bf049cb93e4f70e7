import { beforeAll, describe, expect, it } from "vitest";
import { type AbuseFixture, abuseFixture, authFor, client, concretePath, problemOf, writeOps } from "./support/abuse";

let fx: AbuseFixture;
beforeAll(async () => {
  fx = await abuseFixture();
});

describe("bodies that are too large, of the wrong type or not JSON", () => {
  const big = JSON.stringify({ pad: "x".repeat(70_000) });

  it("413 on every write route, with or without a Content-Length", async () => {
    for (const op of writeOps(fx.operations)) {
      const path = concretePath(op, fx.known);
      const bodies: BodyInit[] = [big, new Blob([big]).stream()];
      for (const body of bodies) {
        const res = await client(path, {
          method: op.method,
          headers: { "content-type": "application/json", ...authFor(op) },
          body,
        });
        expect(res.status, `${op.method} ${op.path}`).toBe(413);
        expect(await problemOf(res)).toEqual({
          type: "https://edgefare.dev/problems/payload-too-large",
          title: "The request body is too large",
          status: 413,
          code: "PAYLOAD_TOO_LARGE",
          detail: "The request body must be at most 65536 bytes.",
          instance: path,
        });
      }
    }
  });

  it("415 on every write route for a body that is not sent as JSON", async () => {
    const types = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/xml"];
    for (const op of writeOps(fx.operations)) {
      const path = concretePath(op, fx.known);
      for (const type of types) {
        const res = await client(path, {
          method: op.method,
          headers: { "content-type": type, ...authFor(op) },
          body: "a=1",
        });
        expect(res.status, `${op.method} ${op.path} as ${type}`).toBe(415);
        expect(await problemOf(res)).toEqual({
          type: "https://edgefare.dev/problems/unsupported-media-type",
          title: "Unsupported content type",
          status: 415,
          code: "UNSUPPORTED_MEDIA_TYPE",
          detail: "Send the request body as application/json.",
          instance: path,
        });
      }
    }
  });

  it("400 MALFORMED_JSON on every route that takes a JSON body (a signed one refuses the unsigned body first)", async () => {
    const broken = ["{", '{"a":', "[1,2", "nul", "{'a':1}", '{"a":1}}', "\u0000"];
    for (const op of fx.operations.filter((o) => o.body)) {
      const path = concretePath(op, fx.known);
      for (const body of broken) {
        const res = await client(path, {
          method: op.method,
          headers: { "content-type": "application/json", ...authFor(op) },
          body,
        });
        expect(res.status, `${op.method} ${op.path} with ${JSON.stringify(body)}`).toBe(400);
        expect(await problemOf(res)).toEqual(
          op.signed
            ? {
                type: "https://edgefare.dev/problems/webhook-signature-invalid",
                title: "The webhook signature is not valid",
                status: 400,
                code: "WEBHOOK_SIGNATURE_INVALID",
                detail: "The webhook signature could not be verified.",
                instance: path,
              }
            : {
                type: "https://edgefare.dev/problems/malformed-json",
                title: "The request body is not valid JSON",
                status: 400,
                code: "MALFORMED_JSON",
                detail: "The request body is not valid JSON.",
                instance: path,
              },
        );
      }
    }
  });
});
