import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { budgetId, clientNetwork, resolveCaller } from "../src/ratelimit/caller";
import { appClient } from "./support/app-client";
import { seedDeparture } from "./support/inventory";
import { uniqueCaller, warmLimiter } from "./support/limited-app";
import { envWithRedis, flushRedis } from "./support/redis";

beforeEach(async () => {
  await flushRedis();
  await warmLimiter(envWithRedis(env));
});

/** Day-long windows: at a minute boundary a sliding window of a few requests forgets the last minute. */
const DAY = 86_400;
const budgets = (overrides: object) => envWithRedis({ ...env, RATE_LIMIT_OVERRIDES: JSON.stringify(overrides) });

describe("who a budget belongs to", () => {
  it("is the client's network: IPv4 as is, IPv6 by its /64, unparsable or missing as one shared 'unknown'", () => {
    const table: [string | null, string][] = [
      ["203.0.113.7", "203.0.113.7"],
      [" 203.0.113.7 ", "203.0.113.7"],
      ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
      ["2001:DB8:1:2::9", "2001:db8:1:2::/64"],
      ["2001:db8::", "2001:db8:0:0::/64"],
      ["::1", "0:0:0:0::/64"],
      ["::ffff:198.51.100.4", "198.51.100.4"],
      ["64:ff9b::192.0.2.33", "64:ff9b:0:0::/64"],
      [null, "unknown"],
      ["", "unknown"],
      ["256.1.1.1", "unknown"],
      ["1.2.3", "unknown"],
      ["2001:db8::1::2", "unknown"],
      ["2001:db8:1:2:3:4:5:6:7", "unknown"],
      ["12345::1", "unknown"],
      ["fe80::1%eth0", "unknown"],
      ["198.51.100.4, 10.0.0.1", "unknown"],
    ];
    expect(table.map(([header]) => [header, clientNetwork(header)])).toEqual(table);
  });

  it("is a key only when something verified it (X-Api-Key or a bearer efk_ key), else the network", async () => {
    const verify = async (key: string) =>
      key === "efk_partner" ? { keyId: "key_partner1", requestsPerMinute: 600 } : null;
    const plain = new Headers({ "x-api-key": "efk_partner", "cf-connecting-ip": "203.0.113.9" });
    expect(budgetId(await resolveCaller(plain))).toBe("ip:203.0.113.9");
    expect(await resolveCaller(plain, verify)).toEqual({
      kind: "key",
      keyId: "key_partner1",
      requestsPerMinute: 600,
      ip: "203.0.113.9",
    });
    const bearer = new Headers({ authorization: "Bearer efk_partner", "cf-connecting-ip": "203.0.113.9" });
    expect(budgetId(await resolveCaller(bearer, verify))).toBe("key:key_partner1");
    const refused = await resolveCaller(plain, async () => null);
    expect(refused).toEqual({ kind: "ip", ip: "203.0.113.9" });
  });
});

describe("budgets on the real routes, with a made-up X-Api-Key on every request", () => {
  it("refuses made-up keys (401, then the auth budget's 429) and holds nothing for them", async () => {
    const client = appClient(budgets({ write: { requests: 3, windowSeconds: DAY } }));
    const departureId = await seedDeparture("rl-madeup", { fares: [{ cabin: "economy", capacity: 9, priceMinor: 1 }] });
    const { ip } = uniqueCaller();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await client("/v1/holds", {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": ip, "x-api-key": crypto.randomUUID() },
        body: JSON.stringify({ departure_id: departureId, cabin: "economy", passengers: 1 }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
  });

  it("stops one client holding seat after seat: the write budget is the network's", async () => {
    const client = appClient(budgets({ write: { requests: 3, windowSeconds: DAY } }));
    const departureId = await seedDeparture("rl-hoard", { fares: [{ cabin: "economy", capacity: 9, priceMinor: 1 }] });
    const { ip } = uniqueCaller();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await client("/v1/holds", {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": ip },
        body: JSON.stringify({ departure_id: departureId, cabin: "economy", passengers: 1 }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    // The next traveller still finds seats.
    const next = await client("/v1/holds", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip },
      body: JSON.stringify({ departure_id: departureId, cabin: "economy", passengers: 2 }),
    });
    expect(next.status).toBe(201);
  });

  it("keeps booking lookups limited, so references cannot be enumerated", async () => {
    const client = appClient(budgets({ lookup: { requests: 3, windowSeconds: DAY } }));
    const { ip } = uniqueCaller();
    const statuses: number[] = [];
    for (const reference of ["AAAAAA", "AAAAAB", "AAAAAC", "AAAAAD", "AAAAAE"]) {
      const headers = { "cf-connecting-ip": ip };
      statuses.push((await client(`/v1/bookings/${reference}?family_name=Lovelace`, { headers })).status);
    }
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
  });
});
