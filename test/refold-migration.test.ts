import { env } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// Vite bundles the migration's text: the test runs inside workerd, which has no file system.
import refoldFamilyNames from "../migrations/0019_refold_family_names.sql?raw";
import { foldCompact } from "../src/lib/fold";

/** The rule `family_name_folded` was written with before src/lib/fold.ts: the same steps without its letter map. */
function oldFold(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Runs the migration's UPDATE on a table of our own with the same column, and reads it back. */
async function refold(stored: string[]): Promise<string[]> {
  const table = "refold_probe";
  await env.DB.exec(
    `DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (id INTEGER PRIMARY KEY, family_name_folded TEXT NOT NULL)`,
  );
  for (let i = 0; i < stored.length; i += 50) {
    await env.DB.batch(
      stored.slice(i, i + 50).map((name, j) => env.DB.prepare(`INSERT INTO ${table} VALUES (?, ?)`).bind(i + j, name)),
    );
  }
  await env.DB.prepare(refoldFamilyNames.replaceAll("`booking_passengers`", table)).run();
  const { results } = await env.DB.prepare(`SELECT family_name_folded AS f FROM ${table} ORDER BY id`).all<{
    f: string;
  }>();
  return results.map((r) => r.f);
}

describe("migration 0019: family names folded under the old rule", () => {
  it("turns each into what the shared rule stores, for every code point and a sample of names", async () => {
    const names = [
      "Ørsted",
      "Æsir",
      "Œuvre",
      "STRAẞE",
      "Łukasz",
      "Đoković",
      "Þórr",
      "Ħaġar",
      "Ŧest",
      "Müller-Lüdenscheidt",
      "O'Brien",
      ...fc.sample(fc.string({ unit: "grapheme", maxLength: 20 }), { numRuns: 300, seed: 19 }),
    ];
    for (let cp = 0; cp < 0x30000; cp++) {
      if (cp < 0xd800 || cp > 0xdfff) {
        const ch = String.fromCodePoint(cp);
        // Only the code points on which the two rules differ: the rest are unchanged either way.
        if (oldFold(ch) !== foldCompact(ch)) names.push(ch);
      }
    }
    expect(await refold(names.map(oldFold))).toEqual(names.map(foldCompact));
  });

  it("leaves names the shared rule already stored as they are", async () => {
    const stored = ["orsted", "muller", "obrien", "strasse", ""];
    expect(await refold(stored)).toEqual(stored);
  });
});
