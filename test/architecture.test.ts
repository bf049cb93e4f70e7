import { describe, expect, it } from "vitest";

/**
 * The import rule of docs/architecture.md, checked on the source text (bundled by Vite at
 * transform time: the test runs inside workerd, which has no file system).
 */
const SOURCES = import.meta.glob<string>("../src/**/*.ts", { query: "?raw", import: "default", eager: true });

interface Edge {
  file: string;
  target: string;
}

/** Every relative import of every file under src/, as paths relative to src/. */
function edges(): Edge[] {
  const out: Edge[] = [];
  for (const [key, text] of Object.entries(SOURCES)) {
    const file = key.replace(/^\.\.\/src\//, "");
    for (const match of text.matchAll(/from\s+["'](\.{1,2}\/[^"']+)["']/g)) {
      out.push({ file, target: resolve(file, match[1] ?? "") });
    }
  }
  return out;
}

function resolve(file: string, specifier: string): string {
  const parts = file.split("/").slice(0, -1);
  for (const segment of specifier.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment !== ".") parts.push(segment);
  }
  return parts.join("/");
}

/** `products/stays/search/deps.ts` → `products/stays`; `cache/tier.ts` → `cache`; `config.ts` → `config.ts`. */
function area(path: string): string {
  const [top, second] = path.split("/");
  if (top === "products" && second && path.split("/").length > 2) return `products/${second}`;
  return top ?? path;
}

const all = edges();

describe("imports run one way (docs/architecture.md)", () => {
  it("finds the sources it checks", () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(200);
  });

  it("keeps products away from src/http and from each other", () => {
    const wrong = all.filter(({ file, target }) => {
      const from = area(file);
      // registry.ts, seeds.ts and module.ts sit above the product folders they list.
      if (!from.startsWith("products/")) return false;
      const to = area(target);
      return to === "http" || (to.startsWith("products/") && to !== from);
    });
    expect(wrong).toEqual([]);
  });

  it("keeps src/api free of src/http and of products", () => {
    const wrong = all.filter(({ file, target }) => file.startsWith("api/") && /^(http|products)(\/|$)/.test(target));
    expect(wrong).toEqual([]);
  });

  it("has no two top-level folders of src/ importing each other", () => {
    const pairs = new Set(all.map(({ file, target }) => `${file.split("/")[0]}>${target.split("/")[0]}`));
    const mutual = [...pairs].filter((p) => {
      const [a, b] = p.split(">");
      return a !== b && a !== undefined && b !== undefined && a < b && pairs.has(`${b}>${a}`);
    });
    expect(mutual).toEqual([]);
  });

  it("lets a layer below the products reach into one only where the engine rebuild removes it", () => {
    const above = new Set(["http", "products"]);
    const upward = all
      .filter(({ file, target }) => !above.has(file.split("/")[0] ?? "") && target.startsWith("products/"))
      .map(({ file, target }) => `${file} -> ${target}`);
    // The engine reaches products only through injected functions (describe, travellers, extras).
    expect(upward.sort()).toEqual([]);
  });
});

/**
 * The engine names no product (issue 8: "no departure-shaped code outside the departures
 * module"): its folders reach a product only through the ProductModule hooks, so departures'
 * columns and words appear in none of them, comments aside (they may give a departure as an
 * example beside a stay and an event). `passengers` is not on the list: it is the booking API's
 * field for the travellers of every product (and the booking_passengers table, docs/bookings-and-payments.md).
 */
const ENGINE_FOLDERS = [
  "bookings",
  "payments",
  "notifications",
  "holds",
  "inventory",
  "cron",
  "trips",
  "http",
  "db/schema",
];
const DEPARTURE_WORDS =
  /\b(departure_id|departureIds?|departs_at|departsAt|cabins?|CABINS|Cabin|seats|seats_left|seats_available|fare_class(?:es)?|fareClass(?:es)?|isDepartureId|itinerary_id|parseItineraryId)\b|products\/departures|["'`]dep_/g;

/** Each exception: the file, the word as matched, and why it may stay. */
const ALLOWED: { file: string; word: string; why: string }[] = [
  ...["departure_id", "departs_at", "cabin", "fare_classes", "seats"].map((word) => ({
    file: "inventory/legacy-schema.ts",
    word,
    why: "reads the departures-only SQLite of objects made before pools, once, to migrate it in place",
  })),
  { file: "http/routes/holds.ts", word: "seats", why: "POST /v1/holds' description lists each product's units" },
  {
    file: "http/routes/holds.ts",
    word: "seats_left",
    why: "POST /v1/holds' description says refusals come in the product's words, with departures' as the example",
  },
  { file: "http/schemas/holds.ts", word: "cabin", why: "HoldLine.pool's description lists each product's pools" },
  { file: "http/schemas/holds.ts", word: '"dep_', why: "an OpenAPI example of unit_id" },
  { file: "http/schemas/bookings.ts", word: '"dep_', why: "an OpenAPI example of unit_id" },
];

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

describe("the engine names no product's columns (issue 8)", () => {
  it("has no departures word in an engine folder but the listed exceptions", () => {
    const found = new Set<string>();
    for (const [key, text] of Object.entries(SOURCES)) {
      const file = key.replace(/^\.\.\/src\//, "");
      if (!ENGINE_FOLDERS.some((folder) => file.startsWith(`${folder}/`))) continue;
      for (const match of withoutComments(text).matchAll(DEPARTURE_WORDS)) found.add(`${file}: ${match[0]}`);
    }
    const allowed = new Set(ALLOWED.map((a) => `${a.file}: ${a.word}`));
    expect([...found].filter((f) => !allowed.has(f)).sort()).toEqual([]);
    // An exception the code no longer needs is taken off the list.
    expect([...allowed].filter((a) => !found.has(a)).sort()).toEqual([]);
  });
});
