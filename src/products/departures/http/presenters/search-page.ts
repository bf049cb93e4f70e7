import { pageEtag, weakEtag } from "../../../../api/etag";
import { pageLinks } from "../../../../api/page";
import type { Freshness } from "../../../../cache/freshness";
import { type RoundTripResult, roundTripFreshness } from "../../search/round-trip";
import type { Offer } from "../../search/types";
import { presentListMeta, presentMeta, presentOffer } from "./search";

export interface RenderedPage {
  /** The `data` array, serialised. */
  json: string;
  etag: string;
}

/** Rendered pages by the offers array of a memoised page (see PageMemo): same page, same bytes. */
export type RenderMemo = WeakMap<Offer[], RenderedPage>;

/**
 * Serialises a page of offers and its validator once: the hot path of search then only writes
 * the per-request `meta` (age, tier) around bytes it already has.
 */
export async function renderPage(
  memo: RenderMemo,
  page: { offers: Offer[]; total: number; nextCursor: string | null },
  passengers: number,
): Promise<RenderedPage> {
  const known = memo.get(page.offers);
  if (known) return known;
  const json = JSON.stringify(page.offers.map((o) => presentOffer(o, passengers)));
  const rendered = { json, etag: await pageEtag(json, page.total, page.nextCursor) };
  memo.set(page.offers, rendered);
  return rendered;
}

/**
 * A round trip's answer: both lists rendered (each memoised like a one-way page), one validator
 * over both, one freshness for the older of the two.
 */
export async function renderRoundTrip(
  memo: RenderMemo,
  result: RoundTripResult,
  passengers: number,
  url: URL,
  now: number,
): Promise<{ freshness: Freshness; etag: string; body: () => string }> {
  const [outbound, back] = await Promise.all([
    renderPage(memo, result.outbound, passengers),
    renderPage(memo, result.return, passengers),
  ]);
  const freshness = roundTripFreshness(result, now);
  return {
    freshness,
    etag: await weakEtag(`${outbound.etag}|${back.etag}`),
    body: () => {
      const meta = JSON.stringify(presentMeta(result.outbound, freshness));
      const links = JSON.stringify(pageLinks(result.outbound.nextCursor, url));
      const returnMeta = JSON.stringify(presentListMeta(result.return));
      const returnLinks = JSON.stringify(pageLinks(result.return.nextCursor, url, "return_cursor"));
      return `{"data":${outbound.json},"meta":${meta},"links":${links},"return":{"data":${back.json},"meta":${returnMeta},"links":${returnLinks}}}`;
    },
  };
}
