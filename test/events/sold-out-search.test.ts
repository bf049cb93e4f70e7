import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createIsolateState } from "../../src/api/isolate-state";
import { buildServices } from "../../src/api/services";
import { CACHE_POLICY } from "../../src/config";
import { jsonLogger } from "../../src/lib/logger";
import { buildEventSearchDeps } from "../../src/products/events/search/deps";
import { createEventsIsolate } from "../../src/products/events/search/isolate";
import { searchEvents } from "../../src/products/events/search/search-events";
import type { InventoryObject } from "../../workers/inventory-object";
import { api } from "../support/app-client";
import { insertEventUnit } from "../support/event-units";
import { uniqueCaller } from "../support/limited-app";

/**
 * A tier selling out or coming back reaches the city-day search answer within the stated bound
 * (docs/events.md, "Sold-out flags"): the object's publish moves the city's version, so an isolate
 * that cached the day serves the new answer as soon as its memo of the version lapses
 * (CACHE_POLICY.versionTtlSeconds), long before the cached day itself would (memory 10 s, stale up
 * to max_stale_s). The holds go to the real inventory object; the search runs on a clock the test moves.
 */
const published = (eventId: string) =>
  runInDurableObject(env.INVENTORY.getByName(eventId) as DurableObjectStub<InventoryObject>, (o) => o.publisher.idle());

function send(method: string, path: string, body?: object) {
  return api(path, {
    method,
    headers: { "content-type": "application/json", "cf-connecting-ip": uniqueCaller().ip },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

describe("sold-out flags in a cached city-day", () => {
  it("follow a tier selling out and coming back once the version memo lapses, not when the cached day expires", async () => {
    const fx = await insertEventUnit(env.DB, { city: "LIS", tiers: [{ id: "tier_ga", capacity: 2, maxPerOrder: 2 }] });
    const date = new Date(fx.startsAt * 1000).toISOString().slice(0, 10);
    const clock = { now: Date.now() };
    const isolate = createIsolateState(() => clock.now);
    const events = createEventsIsolate(isolate);
    const services = { ...buildServices(env, () => {}, jsonLogger()), clock: { now: () => clock.now } };
    const remaining = async () => {
      const result = await searchEvents({
        deps: buildEventSearchDeps(services, isolate, events),
        input: { place: "LIS", from: date, to: date, sort: "date", limit: 20 },
      });
      if (!result.ok) throw new Error(result.error.detail);
      return {
        remaining: result.value.events.find((e) => e.id === fx.id)?.remaining,
        tier: result.value.freshness.servedBy,
      };
    };
    const afterMemo = () => {
      clock.now += CACHE_POLICY.versionTtlSeconds * 1000 + 1;
    };
    expect(await remaining()).toEqual({ remaining: 2, tier: "origin" });
    expect(await remaining()).toEqual({ remaining: 2, tier: "memory" });

    const held = await send("POST", "/v1/holds", { event_id: fx.id, tier_id: "tier_ga", quantity: 2 });
    expect(held.status).toBe(201);
    await published(fx.id);
    afterMemo();
    expect(await remaining()).toEqual({ remaining: 0, tier: "origin" });

    expect((await send("DELETE", `/v1/holds/${(await held.json<{ id: string }>()).id}`)).status).toBe(200);
    await published(fx.id);
    afterMemo();
    expect(await remaining()).toEqual({ remaining: 2, tier: "origin" });
  });
});
