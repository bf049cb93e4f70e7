import { describe, expect, it } from "vitest";
import { CITIES, getCity, getPlace, PLACES, resolveLocation, suggestPlaces } from "../src/places/catalog";
import { suggestPlacesByScan } from "../src/places/suggest";

const codes = (q: string, limit?: number) => suggestPlaces(q, limit).map((s) => `${s.type}:${s.code}`);

describe("place catalogue data", () => {
  it("covers at least 80 cities on every inhabited continent", () => {
    expect(new Set(PLACES.map((p) => p.cityCode)).size).toBeGreaterThanOrEqual(80);
    const zones = new Set(PLACES.map((p) => p.timezone.split("/")[0]));
    for (const region of ["Europe", "Asia", "America", "Africa", "Australia", "Pacific"])
      expect(zones).toContain(region);
  });

  it("has unique place codes and unique city codes", () => {
    expect(new Set(PLACES.map((p) => p.code)).size).toBe(PLACES.length);
    expect(new Set(CITIES.map((c) => c.code)).size).toBe(CITIES.length);
  });

  it("codes airports with 3 letters, stations with country + 3 letters, cities with 3 letters", () => {
    for (const p of PLACES) {
      if (p.kind === "airport") expect(p.code, p.name).toMatch(/^[A-Z]{3}$/);
      else expect(p.code, p.name).toMatch(new RegExp(`^${p.country}[A-Z]{3}$`));
    }
    for (const c of CITIES) expect(c.code).toMatch(/^[A-Z]{3}$/);
  });

  it("never gives a station an airport's code, and a city code equal to an airport code is that city's airport", () => {
    const airports = new Map(PLACES.filter((p) => p.kind === "airport").map((p) => [p.code, p]));
    for (const p of PLACES.filter((p) => p.kind !== "airport")) expect(airports.has(p.code), p.code).toBe(false);
    for (const c of CITIES) {
      const airport = airports.get(c.code);
      if (airport) expect(airport.cityCode, c.code).toBe(c.code);
    }
  });

  it("uses time zones Intl accepts, coordinates in range, and two-letter countries", () => {
    for (const p of PLACES) {
      expect(() => new Intl.DateTimeFormat("en", { timeZone: p.timezone }), p.timezone).not.toThrow();
      expect(Math.abs(p.lat), p.code).toBeLessThanOrEqual(90);
      expect(Math.abs(p.lon), p.code).toBeLessThanOrEqual(180);
      expect(p.country).toMatch(/^[A-Z]{2}$/);
    }
  });

  it("includes the stations and ports that make rail, bus and ferry routes possible", () => {
    expect(getCity("LON")?.places.map((p) => p.code)).toEqual(
      expect.arrayContaining(["LHR", "LGW", "STN", "GBSPX", "GBVIC"]),
    );
    expect(getCity("PAR")?.places.map((p) => p.code)).toEqual(expect.arrayContaining(["CDG", "ORY", "FRPNO", "FRPLY"]));
    for (const port of ["GBDVR", "FRCQF", "FIHWT", "EETLH", "GRPIR"]) expect(getPlace(port)?.kind).toBe("ferry");
  });
});

describe("resolveLocation", () => {
  it("resolves an airport or station code to that one place", () => {
    expect(resolveLocation("LHR")).toEqual({ code: "LHR", type: "place", cityCode: "LON", placeCodes: ["LHR"] });
    expect(resolveLocation("GBSPX")).toEqual({ code: "GBSPX", type: "place", cityCode: "LON", placeCodes: ["GBSPX"] });
  });

  it("resolves a city code to every place in the city, airports first", () => {
    const london = resolveLocation("LON");
    expect(london?.type).toBe("city");
    expect(london?.placeCodes.slice(0, 2)).toEqual(["LHR", "LGW"]);
    expect(london?.placeCodes).toContain("GBVIC");
  });

  it("treats a code that is both a city and its main airport as the whole city", () => {
    expect(resolveLocation("BER")).toEqual({
      code: "BER",
      type: "city",
      cityCode: "BER",
      placeCodes: ["BER", "DEBHF", "DEBZO"],
    });
  });

  it("ignores case and surrounding spaces and answers in upper case", () => {
    expect(resolveLocation(" par ")).toMatchObject({ code: "PAR", type: "city" });
    expect(resolveLocation("cdg")).toMatchObject({ code: "CDG", type: "place", cityCode: "PAR" });
  });

  it("returns null for unknown codes", () => {
    expect(resolveLocation("ZZZ")).toBeNull();
    expect(resolveLocation("")).toBeNull();
  });
});

describe("suggestPlaces", () => {
  it("finds names without their accents", () => {
    expect(codes("zur", 1)).toEqual(["city:ZRH"]);
    expect(codes("sao", 1)).toEqual(["city:SAO"]);
    expect(codes("MONTRE")).toContain("city:YMQ");
    expect(codes("krakow")).toContain("place:KRK");
  });

  it("puts a city with several places first, then its places", () => {
    expect(codes("paris").slice(0, 4)).toEqual(["city:PAR", "place:CDG", "place:ORY", "place:BVA"]);
  });

  it("ranks an exact code above name prefixes", () => {
    const man = codes("man");
    expect(man[0]).toBe("city:MAN");
    expect(man.indexOf("place:MNL")).toBeGreaterThan(man.indexOf("place:MAN"));
  });

  it("matches a word inside a place name", () => {
    expect(codes("pancras")).toEqual(["place:GBSPX"]);
    expect(codes("kings cross")).toEqual(["place:GBKGX"]);
  });

  it("lists a single-place city as the place only", () => {
    expect(suggestPlaces("doha")).toEqual([
      {
        type: "place",
        code: "DOH",
        name: "Doha Hamad International",
        kind: "airport",
        cityCode: "DOH",
        cityName: "Doha",
        country: "QA",
        lat: 25.273,
        lon: 51.608,
        timezone: "Asia/Qatar",
      },
    ]);
  });

  it("respects the limit and returns nothing for blank or unmatched queries", () => {
    expect(suggestPlaces("lon", 3)).toHaveLength(3);
    expect(suggestPlaces("   ")).toEqual([]);
    expect(suggestPlaces("qqqq")).toEqual([]);
  });

  it("returns the same order every time", () => {
    expect(codes("sa", 50)).toEqual(codes("sa", 50));
    expect(codes("sa", 50).length).toBeGreaterThan(5);
  });
});

describe("the prefix index of place suggestions", () => {
  it("answers exactly what a scan of every city answers", () => {
    const names = [...CITIES.map((c) => c.name), ...PLACES.map((p) => p.name)];
    const queries = new Set<string>(["a b", "n y", "new y", "st pan", "ß", "Zürich", "-", " l", "1", "xq"]);
    for (const text of [...names, ...CITIES.map((c) => c.code), ...PLACES.map((p) => p.code)]) {
      for (let n = 1; n <= Math.min(text.length, 5); n++) queries.add(text.slice(0, n));
      for (const word of text.split(/[\s-]+/).slice(1)) queries.add(word.slice(0, 3));
    }
    expect(queries.size).toBeGreaterThan(1000);
    for (const q of queries) expect(suggestPlaces(q, 500), q).toEqual(suggestPlacesByScan(q, 500));
  });
});
