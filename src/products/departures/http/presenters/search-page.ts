import { pageEtag } from "../../../../api/etag";
import type { Offer } from "../../search/types";
import { presentOffer } from "./search";

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
