import { beforeAll, describe, expect, it } from "vitest";
import { api } from "./support/app-client";
import { API, bookingBody, bookingRow, chargeJobFor, deliver, placeHold, post } from "./support/bookings";
import { seedDeparture } from "./support/inventory";

const ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789";

interface Traveller {
  id: string;
  reference: string;
  token: string;
  familyName: string;
}

async function confirmedBooking(label: string, familyName: string): Promise<Traveller> {
  const hold = await placeHold(await seedDeparture(label));
  const res = await post(
    "/v1/bookings",
    bookingBody(hold.id, "tok_success", [{ given_name: "Pat", family_name: familyName }]),
  );
  expect(res.status).toBe(202);
  const created = await res.json<{ id: string; reference: string; owner_token: string }>();
  await deliver([await chargeJobFor(created.id)]);
  return { id: created.id, reference: created.reference, token: created.owner_token, familyName };
}

const read = (reference: string, query = "", headers: Record<string, string> = {}) =>
  api(`${API}/v1/bookings/${reference}${query}`, { headers });
const cancel = (reference: string, query = "", headers: Record<string, string> = {}) =>
  api(`${API}/v1/bookings/${reference}/cancel${query}`, { method: "POST", headers });

/**
 * Everything a client can observe of an answer except what differs per request by design: the
 * request id (checked against its header) and `instance`, the request's own path (checked too).
 */
async function observable(res: Response, path: string) {
  const { request_id, instance, ...body } = await res.json<Record<string, unknown>>();
  expect(request_id).toBe(res.headers.get("x-request-id"));
  expect(instance).toBe(path);
  const headers = [...res.headers.entries()].filter(([name]) => name !== "x-request-id");
  return { status: res.status, body, headers };
}

function guessedReferences(n: number, except: string[]): string[] {
  const guesses: string[] = [];
  while (guesses.length < n) {
    const bytes = crypto.getRandomValues(new Uint8Array(6));
    const guess = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("");
    if (!except.includes(guess)) guesses.push(guess);
  }
  return guesses;
}

let ada: Traveller;
let bob: Traveller;
beforeAll(async () => {
  ada = await confirmedBooking("sec-ada", "Lovelace");
  bob = await confirmedBooking("sec-bob", "Babbage");
});

describe("someone else's booking", () => {
  it("with a guessed reference or the wrong family name looks exactly like no booking at all", async () => {
    const unknown = await observable(await read("ZZZZZZ", "?family_name=Lovelace"), "/v1/bookings/ZZZZZZ");
    expect(unknown).toMatchObject({ status: 404, body: { code: "BOOKING_NOT_FOUND" } });
    const attempts: [string, string][] = [
      [ada.reference, `?family_name=${bob.familyName}`],
      [bob.reference, `?family_name=${ada.familyName}`],
      [ada.reference.toLowerCase(), "?family_name=Lovelac"],
      ["not-a-reference", "?family_name=Lovelace"],
      ...guessedReferences(20, [ada.reference, bob.reference]).map((r): [string, string] => [
        r,
        "?family_name=Lovelace",
      ]),
    ];
    for (const [reference, query] of attempts) {
      expect(await observable(await read(reference, query), `/v1/bookings/${reference}`)).toEqual(unknown);
      expect(await observable(await cancel(reference, query), `/v1/bookings/${reference}/cancel`)).toEqual({
        ...unknown,
        headers: expect.any(Array),
      });
    }
    expect(await bookingRow(ada.id)).toMatchObject({ status: "confirmed" });
    expect(await bookingRow(bob.id)).toMatchObject({ status: "confirmed" });
  });

  it("answers a cancellation refusal exactly like a read refusal, headers included", async () => {
    const readRefusal = await observable(
      await read(ada.reference, "?family_name=Nobody"),
      `/v1/bookings/${ada.reference}`,
    );
    const cancelRefusal = await observable(
      await cancel(ada.reference, "?family_name=Nobody"),
      `/v1/bookings/${ada.reference}/cancel`,
    );
    const unknownCancel = await observable(await cancel("ZZZZZZ", "?family_name=Nobody"), "/v1/bookings/ZZZZZZ/cancel");
    expect(cancelRefusal).toEqual(readRefusal);
    expect(unknownCancel).toEqual(cancelRefusal);
  });

  it("opens only with its own owner token: another traveller's token is a missing booking", async () => {
    const unknown = await observable(
      await read("ZZZZZZ", "", { authorization: `Bearer ${ada.token}` }),
      "/v1/bookings/ZZZZZZ",
    );
    expect(unknown.status).toBe(404);
    const withBobsToken = await read(ada.reference, "", { authorization: `Bearer ${bob.token}` });
    expect(await observable(withBobsToken, `/v1/bookings/${ada.reference}`)).toEqual(unknown);
    // The token decides when one is sent: the right name does not rescue a wrong token.
    const tokenAndName = await read(ada.reference, "?family_name=Lovelace", { authorization: `Bearer ${bob.token}` });
    expect(await observable(tokenAndName, `/v1/bookings/${ada.reference}`)).toEqual(unknown);
    const cancelled = await cancel(ada.reference, "", { authorization: `Bearer ${bob.token}` });
    expect(cancelled.status).toBe(404);
    expect(await bookingRow(ada.id)).toMatchObject({ status: "confirmed" });

    const own = await read(ada.reference, "", { authorization: `Bearer ${ada.token}` });
    expect(own.status).toBe(200);
  });

  it("without any credential is refused the same way whether the reference exists or not", async () => {
    const existing = await observable(await read(ada.reference), `/v1/bookings/${ada.reference}`);
    const missing = await observable(await read("ZZZZZZ"), "/v1/bookings/ZZZZZZ");
    expect(existing).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } });
    const { detail: _, ...existingRest } = existing.body;
    expect({ ...existing, body: existingRest }).toEqual({ ...missing, body: existingRest });
  });
});

describe("someone else's hold", () => {
  it("cannot be found, released or extended by guessing its id on the same departure", async () => {
    const departureId = await seedDeparture("sec-hold");
    const hold = await placeHold(departureId);
    // hld_<22 random>_<base64url(departure id)>: keep the departure, guess the random part.
    const suffix = hold.id.slice("hld_".length + 22);
    const guesses = Array.from(
      { length: 10 },
      () => `hld_${crypto.randomUUID().replaceAll("-", "").slice(0, 22)}${suffix}`,
    );
    const shapeOf = async (res: Response, id: string) => {
      const { request_id, instance, detail, ...body } = await res.json<Record<string, unknown>>();
      return { status: res.status, body, detail: String(detail).replace(id, "<id>") };
    };
    // The baseline: an id nobody ever held on this departure, asked the same way.
    const never = `hld_${"0".repeat(22)}${suffix}`;
    const ask = {
      read: (id: string) => api(`${API}/v1/holds/${id}`),
      release: (id: string) => api(`${API}/v1/holds/${id}`, { method: "DELETE" }),
      extend: (id: string) => api(`${API}/v1/holds/${id}/extend`, { method: "POST" }),
    };
    for (const [how, call] of Object.entries(ask)) {
      const notFound = await shapeOf(await call(never), never);
      expect(notFound, how).toMatchObject({ status: 404, body: { code: "HOLD_NOT_FOUND" } });
      for (const id of guesses) expect(await shapeOf(await call(id), id), how).toEqual(notFound);
    }
    const after = await (await api(`${API}/v1/holds/${hold.id}`)).json<{ status: string; expires_at: string }>();
    expect(after).toMatchObject({ status: "held", expires_at: hold.expires_at });
  });
});
