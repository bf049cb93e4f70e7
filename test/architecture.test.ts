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
    // Bookings still read the departures table and take departure holds only (docs/architecture.md).
    expect(upward.sort()).toEqual([
      "bookings/operator-cancel.ts -> products/departures/schema",
      "bookings/store.ts -> products/departures/schema",
    ]);
  });
});
