import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { seedProduct } from "../support/seed";

const DAYS = 3;
let counts: Record<string, number>;
beforeAll(async () => {
  counts = await seedProduct(env.DB, "events", { days: DAYS });
});

const count = async (sql: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...params)
      .first<{ n: number }>()
  )?.n;
const matches = (match: string) =>
  env.DB.prepare("SELECT e.id FROM events_fts JOIN events e ON e.seq = events_fts.rowid WHERE events_fts MATCH ?1")
    .bind(match)
    .all<{ id: string }>()
    .then((r) => r.results.map((row) => row.id).sort());

describe("the events seed in D1", () => {
  it("loads every row it generates, and indexes every event once", async () => {
    expect(counts.events).toBeGreaterThan(500);
    expect(await count("SELECT COUNT(*) AS n FROM events")).toBe(counts.events);
    expect(await count("SELECT COUNT(*) AS n FROM ticket_tiers")).toBe(counts.ticket_tiers);
    expect(await count("SELECT COUNT(*) AS n FROM venues")).toBe(counts.venues);
    expect(await count("SELECT COUNT(*) AS n FROM events_fts")).toBe(counts.events);
  });

  it("changes nothing when run again (upserts keep the index in step)", async () => {
    const before = await env.DB.prepare("SELECT seq, id, name FROM events ORDER BY seq").all();
    await seedProduct(env.DB, "events", { days: DAYS });
    expect(await env.DB.prepare("SELECT seq, id, name FROM events ORDER BY seq").all()).toMatchObject({
      results: before.results,
    });
    expect(await count("SELECT COUNT(*) AS n FROM events_fts")).toBe(counts.events);
    expect(await count("SELECT COUNT(*) AS n FROM ticket_tiers")).toBe(counts.ticket_tiers);
  });

  it("replaces an event's tiers wholesale when another seed plans it differently", async () => {
    await seedProduct(env.DB, "events", { days: DAYS, seed: 7 });
    const stale = await count(
      `SELECT COUNT(*) AS n FROM ticket_tiers t JOIN events e ON e.id = t.event_id
        WHERE (e.category = 'dinner') <> (t.tier_id LIKE 'tier_table_%')`,
    );
    expect(stale).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM events_fts")).toBe(await count("SELECT COUNT(*) AS n FROM events"));
    await seedProduct(env.DB, "events", { days: DAYS });
  });
});

describe("the full-text index follows every write", () => {
  const pick = () =>
    env.DB.prepare(
      "SELECT id, city_code AS city, venue_id AS venue FROM events WHERE city_code = 'OSL' LIMIT 1",
    ).first<{
      id: string;
      city: string;
      venue: string;
    }>();

  it("re-indexes a renamed event", async () => {
    const e = await pick();
    await env.DB.prepare("UPDATE events SET name = 'Quixotic Midwinter Gala' WHERE id = ?").bind(e?.id).run();
    expect(await matches(`city : "${e?.city}" AND body : "quixotic"`)).toEqual([e?.id]);
  });

  it("re-indexes every event of a renamed venue", async () => {
    const e = await pick();
    await env.DB.prepare("UPDATE venues SET name = 'Zyzzyva Hall' WHERE id = ?").bind(e?.venue).run();
    const expected = await env.DB.prepare("SELECT id FROM events WHERE venue_id = ? ORDER BY id").bind(e?.venue).all();
    expect(await matches('body : "zyzzyva"')).toEqual(expected.results.map((r) => r.id));
  });

  it("forgets a deleted event, and its tiers go with it", async () => {
    const e = await pick();
    await env.DB.prepare("UPDATE events SET name = 'Ephemeral Farewell' WHERE id = ?").bind(e?.id).run();
    await env.DB.prepare("DELETE FROM events WHERE id = ?").bind(e?.id).run();
    expect(await matches('body : "ephemeral"')).toEqual([]);
    expect(await count("SELECT COUNT(*) AS n FROM ticket_tiers WHERE event_id = ?", e?.id)).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM events_fts")).toBe(await count("SELECT COUNT(*) AS n FROM events"));
  });
});

describe("the tables refuse rows that break the rules", () => {
  const tier = (over: string) =>
    env.DB.prepare(
      `INSERT INTO ticket_tiers (event_id, tier_id, position, name, capacity, price_minor, max_per_order,
         sales_open_at, sales_close_at, refund_policy, remaining, updated_at)
       SELECT id, 'tier_bad', 9, 'Bad', ${over}, NULL, NULL, '[]', 0, 0 FROM events LIMIT 1`,
    ).run();

  it("a tier whose per-order maximum exceeds its capacity, or with a negative price", async () => {
    await expect(tier("5, 100, 6")).rejects.toThrow(/CHECK constraint failed: ticket_tiers_max_per_order/);
    await expect(tier("5, -1, 1")).rejects.toThrow(/CHECK constraint failed: ticket_tiers_price/);
  });

  it("an event whose sales close after it starts", async () => {
    const update = env.DB.prepare("UPDATE events SET sales_close_at = starts_at + 1 WHERE city_code = 'OSL'").run();
    await expect(update).rejects.toThrow(/CHECK constraint failed: events_sales_window/);
  });
});
