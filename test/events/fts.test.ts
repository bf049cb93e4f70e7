import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import migration from "../../migrations/0006_events_search_fts.sql?raw";
import { addDays, localDate } from "../../src/lib/time";
import { SPECIAL_FOLDS } from "../../src/products/events/search/match";
import { appClient } from "../support/app-client";
import { type Catalogue, eventsPath, insertEventFixture, searchOk, seedEventCatalogue } from "../support/events";
import { modelSearch, words } from "../support/events-model";

let catalogue: Catalogue;
/** Dover: a small city, so the fixtures are easy to tell apart from the seed's few events there. */
const CITY = "DVR";
const date = addDays(localDate(Date.now(), "Europe/London"), 2);
const ids = (body: { data: { id: string }[] }) => body.data.map((c) => c.id);
const search = (q: string, extra: Record<string, string> = {}) =>
  searchOk({ place: CITY, from: date, to: date, q, limit: 100, ...extra });

beforeAll(async () => {
  catalogue = await seedEventCatalogue(env.DB);
  await insertEventFixture(env.DB, {
    id: "evt_fts_zurich",
    city: CITY,
    date,
    name: "Zürich Nights",
    performers: ["Søren Ødegård", "Łukasz Straße"],
    venue: { id: "ven_fts_chatelet", name: "Théâtre du Châtelet" },
  });
  await insertEventFixture(env.DB, {
    id: "evt_fts_near",
    city: CITY,
    date,
    name: "Near Or Far",
    performers: ["The NOT Band"],
    venue: { id: "ven_fts_hall", name: "AND Hall" },
  });
  await insertEventFixture(env.DB, {
    id: "evt_fts_hamlet",
    city: CITY,
    date,
    name: "Hamlet",
    performers: ["Dover Repertory Company"],
    venue: { id: "ven_fts_playhouse", name: "Harbour Playhouse" },
    category: "theatre",
  });
});

describe("text search over names, performers and venues", () => {
  it("finds an event by a word of its name, a performer or its venue", async () => {
    expect(ids(await search("nights"))).toEqual(["evt_fts_zurich"]);
    expect(ids(await search("Ødegård"))).toEqual(["evt_fts_zurich"]);
    expect(ids(await search("chatelet"))).toEqual(["evt_fts_zurich"]);
    expect(ids(await search("repertory"))).toEqual(["evt_fts_hamlet"]);
  });

  it("ignores case and accents, and folds ø, ł and ß the same way on both sides", async () => {
    for (const q of [
      "zurich",
      "ZÜRICH",
      "Zürich",
      "soren",
      "Søren",
      "odegard",
      "lukasz",
      "Łukasz",
      "łukasz",
      "strasse",
      "Straße",
    ]) {
      expect(ids(await search(q)), q).toEqual(["evt_fts_zurich"]);
    }
  });

  it("matches the last word as a prefix while typing, and as a whole word after a space", async () => {
    expect(ids(await search("zür"))).toEqual(["evt_fts_zurich"]);
    expect(ids(await search("ham"))).toEqual(["evt_fts_hamlet"]);
    expect(ids(await search("ham "))).toEqual([]);
    expect(ids(await search("hamlet "))).toEqual(["evt_fts_hamlet"]);
    // One letter is not a prefix (the index keeps prefixes of two and three): the word "h" only.
    expect(ids(await search("h"))).toEqual([]);
  });

  it("needs every word", async () => {
    expect(ids(await search("soren zurich"))).toEqual(["evt_fts_zurich"]);
    expect(ids(await search("soren hamlet"))).toEqual([]);
  });

  it("reads FTS5 operators as plain words", async () => {
    expect(ids(await search("near or"))).toEqual(["evt_fts_near"]);
    expect(ids(await search("NOT band"))).toEqual(["evt_fts_near"]);
    expect(ids(await search("AND"))).toEqual(["evt_fts_near"]);
    expect(ids(await search("NEAR(near far)"))).toEqual(["evt_fts_near"]);
    expect(ids(await search("hamlet OR zurich"))).toEqual([]);
  });

  it("combines with categories", async () => {
    expect(ids(await search("ham", { category: "concert" }))).toEqual([]);
    expect(ids(await search("ham", { category: "theatre,concert" }))).toEqual(["evt_fts_hamlet"]);
  });

  it("treats a q without letters or digits as no filter", async () => {
    const all = ids(await searchOk({ place: CITY, from: date, to: date, limit: 100 }));
    expect(all).toEqual(expect.arrayContaining(["evt_fts_zurich", "evt_fts_near", "evt_fts_hamlet"]));
    for (const q of ['"', "*", '"*"', "^", ":", "()", "   ", "🎭✨", "-", "{}"]) {
      expect(ids(await search(q)), q).toEqual(all);
    }
  });

  it("never fails, whatever q holds (quotes, operators, stars, colons, unicode)", async () => {
    const client = appClient(env);
    const hostile = fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.string({ unit: "grapheme", maxLength: 50 }),
      fc
        .array(
          fc.constantFrom('"', "*", "NEAR", "OR", "AND", "NOT", "(", ")", ":", "^", "{", "}", "-", "+", "x", "é"),
          {
            maxLength: 30,
          },
        )
        .map((parts) => parts.join(" ")),
      fc.constantFrom("NEAR(", 'a" OR "b', "body: x", "city : LON", "x*y*", "'; DROP TABLE events; --", "\u0000"),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (q) => {
        const res = await client(eventsPath({ place: CITY, from: date, to: date, q }));
        expect(res.status, `${JSON.stringify(q)} → ${(await res.clone().text()).slice(0, 200)}`).toBe(200);
      }),
      { numRuns: 150 },
    );
  });

  it("finds what scanning the seed's words finds, for words of real events", async () => {
    const city = "LON";
    const from = addDays(localDate(Date.now(), "Europe/London"), 1);
    const to = addDays(from, 5);
    const pool = catalogue.events
      .filter((e) => e.event.cityCode === city && e.event.localDate >= from && e.event.localDate <= to)
      .flatMap((e) => words([e.event.name, ...e.event.performers].join(" ")));
    const q = fc.tuple(
      fc.constantFrom(...pool),
      fc.constantFrom(...pool),
      fc.integer({ min: 2, max: 6 }),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(q, async ([a, b, cut, two]) => {
        const text = two ? `${a} ${b.slice(0, cut)}` : b.slice(0, cut);
        const body = await searchOk({ place: city, from, to, q: text, limit: 100 });
        const expected = modelSearch(catalogue, { city, from, to, q: text, sort: "date" }, Date.now());
        expect(ids(body), text).toEqual(expected.map((c) => c.id));
      }),
      { numRuns: 25 },
    );
  });
});

describe("the index and the query fold the same letters", () => {
  it("lists in the migration's triggers exactly the folds the query applies", () => {
    const pairs = [...migration.matchAll(/, '(.)', '([a-z]+)'\)/g)].map((m) => `${m[1]}→${m[2]}`);
    const expected = Object.entries(SPECIAL_FOLDS).map(([from, to]) => `${from}→${to}`);
    // Three triggers write the index (insert, update, venue rename), each with every fold.
    expect(pairs.sort()).toEqual([...expected, ...expected, ...expected].sort());
  });
});
