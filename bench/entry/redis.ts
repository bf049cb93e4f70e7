import { count } from "./metering";
import { hiddenRedisReply } from "./tiers";

type Reply = { result?: unknown; error?: string };

/**
 * Redis commands counted at the client. The Upstash REST client sends one command, or a pipeline
 * of them, per HTTP request to the database's URL; this wraps the `fetch` it calls and counts the
 * commands in each body: what Upstash bills. (redis-server's own count also includes the commands
 * run inside the rate limiter's Lua script; the harness keeps it as a cross-check.)
 *
 * It also hides the Redis tier from requests that ask for it (x-bench-tiers): their route-day
 * GET and SET are answered here and never sent, nor counted.
 */
export function redisClientFetch(inner: typeof fetch, databaseUrl: () => string | undefined): typeof fetch {
  return async (input, init) => {
    const base = databaseUrl();
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!base || !url.startsWith(base) || typeof init?.body !== "string") return inner(input, init);
    const path = url.slice(base.length).replace(/\/$/, "");
    const pipelined = path === "/pipeline" || path === "/multi-exec";
    const commands: unknown[] = pipelined ? (JSON.parse(init.body) as unknown[]) : [JSON.parse(init.body)];
    // A transaction runs as a whole: nothing is taken out of it.
    const base64 = new Headers(init.headers).get("upstash-encoding") === "base64";
    const local = commands.map((c) => (path === "/multi-exec" ? undefined : hiddenRedisReply(c, base64)));
    const sent = commands.filter((_, i) => local[i] === undefined);
    count("redis_commands", sent.length);
    if (sent.length === commands.length) return inner(input, init);

    let remote: Reply[] = [];
    if (sent.length > 0) {
      const res = await inner(input, { ...init, body: JSON.stringify(pipelined ? sent : sent[0]) });
      if (!res.ok) return res;
      const body = (await res.json()) as Reply | Reply[];
      remote = Array.isArray(body) ? body : [body];
    }
    const replies = local.map((reply) => reply ?? remote.shift());
    return Response.json(pipelined ? replies : replies[0]);
  };
}
