import type { Context } from "hono";

/**
 * Sets a header on the response a handler has already returned. hono's `c.header()` copies a
 * finalized Response on every call (in case its headers are immutable), which a middleware that
 * adds a header after `next()` pays on every request; a Response built by hono has mutable
 * headers, so they are set in place, and only a Response with immutable headers is copied.
 */
export function setResponseHeader(c: Context, name: string, value: string, options?: { append?: boolean }): void {
  try {
    if (options?.append) c.res.headers.append(name, value);
    else c.res.headers.set(name, value);
  } catch {
    c.header(name, value, options);
  }
}
