import { describe, expect, it } from "vitest";
import { localDate } from "../../src/lib/time";
import { getCity } from "../../src/places/catalog";
import { countryProfile } from "../../src/places/countries";
import { EVENT_CATEGORIES, TIER_ID_PATTERN } from "../../src/products/events/model";
import { eventsSeed, generateCatalogue } from "../../src/products/events/seed";
import { DEFAULT_SEED_DAYS } from "../../src/products/seed";

const START = "2026-12-01";
const window = (days: number, seed = 42) => ({ seed, startDate: START, days });
const catalogue = generateCatalogue(window(DEFAULT_SEED_DAYS.small));
const events = catalogue.events;
const venues = new Map(catalogue.venues.map((v) => [v.id, v]));

describe("the events seed is deterministic", () => {
  it("gives the same statements for the same options", () => {
    const options = { ...window(3), size: "small" } as const;
    expect([...eventsSeed.sqlChunks(options)]).toEqual([...eventsSeed.sqlChunks(options)]);
  });

  it("gives other events for another seed, at the same ids", () => {
    const a = generateCatalogue(window(2, 1)).events;
    const b = generateCatalogue(window(2, 2)).events;
    expect(a.map((e) => e.event.name)).not.toEqual(b.map((e) => e.event.name));
    // Ids are city, date and position: another seed overwrites rather than adds.
    const ids = (list: typeof a) => new Set(list.map((e) => e.event.id));
    const shared = [...ids(a)].filter((id) => ids(b).has(id));
    expect(shared.length).toBeGreaterThan(Math.min(a.length, b.length) * 0.8);
  });

  it("keeps the events of the days two windows share", () => {
    const moved = generateCatalogue({ seed: 42, startDate: "2026-12-02", days: 2 }).events;
    const day = (list: typeof moved) =>
      list.filter((e) => e.event.localDate === "2026-12-02").map((e) => [e.event.id, e.event.name, e.tiers.length]);
    expect(day(moved)).toEqual(day(generateCatalogue(window(2)).events));
  });
});

describe("the seeded catalogue", () => {
  it("has at least 5,000 events over either default window", () => {
    expect(events.length).toBeGreaterThanOrEqual(5_000);
    expect(generateCatalogue(window(DEFAULT_SEED_DAYS.large)).events.length).toBeGreaterThanOrEqual(5_000);
  });

  it("covers every category in every city with a few venues", () => {
    expect(new Set(events.map((e) => e.event.category))).toEqual(new Set(EVENT_CATEGORIES));
    const cities = new Set(catalogue.venues.map((v) => v.cityCode));
    expect(cities.size).toBe(135);
    expect(new Set(events.map((e) => e.event.cityCode))).toEqual(cities);
    const london = new Set(events.filter((e) => e.event.cityCode === "LON").map((e) => e.event.category));
    expect(london).toEqual(new Set(EVENT_CATEGORIES));
  });

  it("is busier at weekends", () => {
    const perWeekday = Array.from({ length: 7 }, () => ({ events: 0, days: new Set<string>() }));
    for (const { event } of events) {
      const slot = perWeekday[new Date(`${event.localDate}T12:00:00Z`).getUTCDay()];
      slot?.days.add(event.localDate);
      if (slot) slot.events += 1;
    }
    const average = (d: number) => (perWeekday[d]?.events ?? 0) / (perWeekday[d]?.days.size ?? 1);
    expect(average(6)).toBeGreaterThan(average(1) * 1.8);
    expect(average(5)).toBeGreaterThan(average(2) * 1.4);
  });

  it("has unique ids, and tier ids unique within each event and usable as pool names", () => {
    expect(new Set(events.map((e) => e.event.id)).size).toBe(events.length);
    expect(new Set(catalogue.venues.map((v) => v.id)).size).toBe(catalogue.venues.length);
    for (const { event, tiers } of events) {
      expect(event.id).toMatch(/^evt_[0-9a-z]{14}$/);
      expect(tiers.length).toBeGreaterThan(0);
      expect(new Set(tiers.map((t) => t.tierId)).size).toBe(tiers.length);
      for (const t of tiers) expect(t.tierId).toMatch(TIER_ID_PATTERN);
      expect(tiers.map((t) => t.position)).toEqual(tiers.map((_, i) => i));
    }
  });

  it("sells every tier validly, within the venue, in the city's currency", () => {
    for (const { event, tiers } of events) {
      const venue = venues.get(event.venueId);
      expect(venue?.cityCode).toBe(event.cityCode);
      const city = getCity(event.cityCode);
      expect(event.timezone).toBe(city?.timezone);
      expect(event.currency).toBe(countryProfile(city?.country ?? "").currency);
      expect(tiers.reduce((n, t) => n + t.capacity, 0)).toBeLessThanOrEqual(venue?.capacity ?? 0);
      for (const t of tiers) {
        expect(t.capacity).toBeGreaterThan(0);
        expect(t.remaining).toBe(t.capacity);
        expect(t.priceMinor).toBeGreaterThan(0);
        expect(Number.isInteger(t.priceMinor)).toBe(true);
        expect(t.maxPerOrder).toBeGreaterThanOrEqual(1);
        expect(t.maxPerOrder).toBeLessThanOrEqual(t.capacity);
        const hours = t.refundPolicy.map((r) => r.hours_before);
        expect(hours).toEqual([...hours].sort((a, b) => b - a));
        for (const r of t.refundPolicy) expect(r.refund_bps).toBeGreaterThan(0);
        for (const r of t.refundPolicy) expect(r.refund_bps).toBeLessThanOrEqual(10_000);
      }
    }
  });

  it("opens and closes sales before the start, and a tier's window inside the event's", () => {
    for (const { event, tiers } of events) {
      expect(event.salesOpenAt).toBeLessThan(event.salesCloseAt);
      expect(event.salesCloseAt).toBeLessThanOrEqual(event.startsAt);
      expect(event.startsAt).toBeLessThan(event.endsAt);
      expect(localDate(event.startsAt * 1000, event.timezone)).toBe(event.localDate);
      for (const t of tiers) {
        const open = t.salesOpenAt ?? event.salesOpenAt;
        const close = t.salesCloseAt ?? event.salesCloseAt;
        expect(open).toBeGreaterThanOrEqual(event.salesOpenAt);
        expect(close).toBeLessThanOrEqual(event.salesCloseAt);
        expect(open).toBeLessThan(close);
      }
    }
    // A few events are announced but not on sale yet on the first day (SALES_NOT_OPEN later).
    const startMs = Date.parse(`${START}T00:00:00Z`) / 1000;
    const notYet = events.filter((e) => e.event.salesOpenAt > startMs + 86_400);
    expect(notYet.length).toBeGreaterThan(events.length * 0.01);
  });

  it("seats shared-table dinners at tables of six, two seats per order at most", () => {
    const dinners = events.filter((e) => e.event.category === "dinner");
    expect(dinners.length).toBeGreaterThan(500);
    for (const { tiers } of dinners) {
      expect(tiers.length).toBeGreaterThanOrEqual(2);
      expect(tiers.map((t) => t.tierId)).toEqual(tiers.map((_, i) => `tier_table_${i + 1}`));
      for (const t of tiers) expect([t.capacity, t.maxPerOrder]).toEqual([6, 2]);
      expect(new Set(tiers.map((t) => t.priceMinor)).size).toBe(1);
    }
  });

  it("names performers, hosts and venues with accents and letters search must fold", () => {
    const text = events.flatMap((e) => [e.event.name, ...e.event.performers]).join(" ");
    for (const name of ["Søren", "Zoë", "Chloé", "Łukasz", "Dvořák"]) expect(text).toContain(name);
    expect(catalogue.venues.some((v) => v.name.includes("Zürich"))).toBe(true);
    for (const { event } of events) expect(event.performers.length).toBeGreaterThan(0);
  });
});
