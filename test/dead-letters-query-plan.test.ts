import { env } from "cloudflare:test";
import { count, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../src/db/client";
import { deadLetters } from "../src/db/schema";

describe("the alerts cron's count of dead letters not yet replayed", () => {
  it("reads the partial index of unreplayed letters, not the whole table", async () => {
    const { sql, params } = createDb(env.DB)
      .select({ n: count() })
      .from(deadLetters)
      .where(isNull(deadLetters.replayedAt))
      .toSQL();
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...params)
      .all<{ detail: string }>();
    expect(plan.results.map((r) => r.detail)).toEqual([
      expect.stringMatching(/^(SCAN|SEARCH) dead_letters USING (COVERING )?INDEX dead_letters_unreplayed_idx/),
    ]);
  });
});
