import { env } from "cloudflare:test";
import { Redis } from "@upstash/redis/cloudflare";
import { beforeEach, describe, expect, it } from "vitest";
import { toHex, utf8 } from "../src/lib/encoding";
import { flushRedis, redisCommand, redisDb, redisToken, redisUrl } from "./support/redis";

const client = (options: { token?: string; responseEncoding?: false } = {}) =>
  new Redis(
    {
      url: redisUrl,
      token: options.token ?? redisToken,
      retry: { retries: 0 },
      ...(options.responseEncoding === false ? { responseEncoding: false } : {}),
    },
    { UPSTASH_DISABLE_TELEMETRY: "1" },
  );

async function sha1(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-1", utf8(text))));
}

// The first line is what @upstash/ratelimit puts on every script; Redis 7.0 rejects the flag.
const LOCKING_SCRIPT = `#!lua flags=allow-key-locking
local current = redis.call("INCRBY", KEYS[1], ARGV[1])
return {current, "abcd"}
`;

beforeEach(flushRedis);

describe("Upstash REST bridge, through @upstash/redis in workerd", () => {
  it("returns strings that happen to be valid base64 unchanged", async () => {
    const redis = client();
    await redis.set("word", "abcd");
    await redis.set("status", "PONG");
    expect(await redis.get("word")).toBe("abcd");
    expect(await redis.get("status")).toBe("PONG");
    expect(await redis.ping()).toBe("PONG");
    expect(await redis.echo("héllo ✈")).toBe("héllo ✈");
  });

  it("keeps integers as numbers and nil as null", async () => {
    const redis = client();
    expect(await redis.incr("counter")).toBe(1);
    expect(await redis.incrby("counter", 41)).toBe(42);
    expect(await redis.get("counter")).toBe(42);
    expect(await redis.get("missing")).toBeNull();
    expect(await redis.hget("missing-hash", "f")).toBeNull();
  });

  it("answers HGETALL and ZRANGE WITHSCORES raw, so the client builds objects and pairs", async () => {
    const redis = client();
    await redis.hset("fare", { cabin: "economy", seats: 3 });
    expect(await redis.hgetall("fare")).toEqual({ cabin: "economy", seats: 3 });
    await redis.zadd("popular", { score: 2, member: "LHR-CDG" }, { score: 1, member: "abcd" });
    expect(await redis.zrange("popular", 0, -1, { withScores: true })).toEqual(["abcd", 1, "LHR-CDG", 2]);
  });

  it("runs pipelines and reports each command's error in place", async () => {
    const redis = client();
    const results = await redis.pipeline().set("a", "abcd").get("a").incr("n").hgetall("none").exec();
    expect(results).toEqual(["OK", "abcd", 1, null]);
    const mixed = await redis.pipeline().set("s", "text").incr("s").get("s").exec({ keepErrors: true });
    expect(mixed.map((entry) => entry.error ?? entry.result)).toEqual([
      "OK",
      "ERR value is not an integer or out of range",
      "text",
    ]);
  });

  it("runs multi-exec as one MULTI/EXEC: a command Redis refuses to queue discards the whole transaction", async () => {
    const redis = client();
    expect(await redis.multi().set("k", "1").incr("k").get("k").exec()).toEqual(["OK", 2, 2]);
    // HSET with no field is refused at queue time; in a plain pipeline the first SET would still land.
    const tx = redis.multi().set("untouched", "written").hset("h", {});
    await expect(tx.exec()).rejects.toThrow(/EXECABORT.*wrong number of arguments for 'hset'/);
    expect(await redis.get("untouched")).toBeNull();
  });

  it("runs scripts that carry the allow-key-locking shebang, by EVAL and by the original's sha", async () => {
    const redis = client();
    expect(await redis.eval(LOCKING_SCRIPT, ["hits"], ["2"])).toEqual([2, "abcd"]);
    expect(await redis.evalsha(await sha1(LOCKING_SCRIPT), ["hits"], ["3"])).toEqual([5, "abcd"]);
    expect(await redis.scriptLoad(LOCKING_SCRIPT)).toBe(await sha1(LOCKING_SCRIPT));
    expect(await redis.scriptExists(await sha1(LOCKING_SCRIPT))).toEqual([1]);
    await expect(redis.evalsha("0".repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
  });

  it("rejects a wrong token with 401 Unauthorized", async () => {
    await expect(client({ token: "not-the-token" }).get("k")).rejects.toThrow(/^Unauthorized/);
    const res = await fetch(redisUrl, { method: "POST", body: '["PING"]' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Unauthorized" });
  });

  it("turns a command error into a 400 whose message the client throws", async () => {
    const redis = client();
    await redis.set("text", "abc");
    await expect(redis.incr("text")).rejects.toThrow("ERR value is not an integer or out of range");
    const res = await fetch(redisUrl, {
      method: "POST",
      headers: { authorization: `Bearer ${redisToken}` },
      body: '["INCR","text"]',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "ERR value is not an integer or out of range" });
  });

  it("answers in plain text when the client does not ask for base64", async () => {
    const redis = client({ responseEncoding: false });
    await redis.set("plain", "PONG");
    expect(await redis.get("plain")).toBe("PONG");
    expect(await redis.hgetall("none")).toBeNull();
  });

  it("gives each test file a database of its own", async () => {
    await redisCommand("SET", "mine", "1");
    const shared = await fetch(env.TEST_REDIS_URL, {
      method: "POST",
      headers: { authorization: `Bearer ${redisToken}` },
      body: '["EXISTS","mine"]',
    });
    expect(redisDb).toBeGreaterThan(0);
    expect(await redisCommand("EXISTS", "mine")).toBe(1);
    expect(await shared.json()).toEqual({ result: 0 });
  });
});
