import type { IsolateState } from "../../api/isolate-state";
import { createSearchCacheIsolate, type SearchCacheIsolate } from "../../cache/search-cache";
import { CACHE_POLICY } from "../../config";
import type { RenderMemo } from "./http/presenters/search-page";
import { PageMemo } from "./search/page-memo";

/** What departures search keeps per isolate beside the shared IsolateState. */
export interface DeparturesIsolate extends SearchCacheIsolate {
  /** Search pages computed from memory-tier snapshots, and their rendered bytes. */
  searchPages: PageMemo;
  renderedPages: RenderMemo;
}

export function createDeparturesIsolate(isolate: IsolateState): DeparturesIsolate {
  return {
    ...createSearchCacheIsolate(isolate.memoryTier(CACHE_POLICY.memoryMaxEntries), isolate.now),
    searchPages: new PageMemo(),
    renderedPages: new WeakMap(),
  };
}
