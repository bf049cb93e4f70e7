/**
 * Local Redis behind the Upstash REST protocol, for `npm run dev` and the tests.
 *
 *   node tools/redis-bridge.ts --redis-port 6379 --port 8079 --token dev-token
 *   node tools/redis-bridge.ts --start-redis [--port 0] [--token T] [--control] [--json]
 *
 * --start-redis runs a throwaway redis-server on a free port (installing Debian's package when
 * run as root). --exit-on-stdin-close makes a parent's death take the bridge (and its Redis) down.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { type Bridge, startBridge } from "./redis/http-bridge.ts";
import { startRedisServer } from "./redis/redis-server.ts";

export { type Bridge, type BridgeOptions, startBridge } from "./redis/http-bridge.ts";
export { freePort, startRedisServer } from "./redis/redis-server.ts";

export interface LocalRedis {
  url: string;
  token: string;
  redisPort: number;
  close(): Promise<void>;
}

/** redis-server on a free port plus a bridge in front of it; close() stops both. */
export async function startLocalRedis(options: { port?: number; token?: string; control?: boolean } = {}) {
  const redis = await startRedisServer();
  const token = options.token ?? randomBytes(16).toString("hex");
  let bridge: Bridge;
  try {
    bridge = await startBridge({ redisPort: redis.port, port: options.port ?? 0, token, control: options.control });
  } catch (error) {
    await redis.close();
    throw error;
  }
  const local: LocalRedis = {
    url: bridge.url,
    token,
    redisPort: redis.port,
    close: async () => {
      await bridge.close();
      await redis.close();
    },
  };
  return local;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "redis-port": { type: "string" },
      "redis-url": { type: "string" },
      "start-redis": { type: "boolean", default: false },
      port: { type: "string", default: "0" },
      token: { type: "string" },
      control: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      "exit-on-stdin-close": { type: "boolean", default: false },
    },
  });
  const port = Number(values.port);
  const token = values.token ?? process.env.UPSTASH_REDIS_REST_TOKEN ?? randomBytes(16).toString("hex");
  let running: { url: string; redisPort: number; close(): Promise<void> };
  if (values["start-redis"]) {
    running = await startLocalRedis({ port, token, control: values.control });
  } else {
    const redisPort = Number(values["redis-port"] ?? 6379);
    const bridge = await startBridge({
      redisUrl: values["redis-url"],
      redisPort,
      port,
      token,
      control: values.control,
    });
    running = { url: bridge.url, redisPort, close: bridge.close };
  }

  const ready = { url: running.url, token, redis_port: running.redisPort, control: values.control };
  if (values.json) console.log(JSON.stringify(ready));
  else {
    const control = values.control ? ", control on" : "";
    console.log(`[redis-bridge] ${running.url} -> redis 127.0.0.1:${running.redisPort} (token ${token}${control})`);
  }

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void running.close().finally(() => process.exit(0));
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, stop);
  if (values["exit-on-stdin-close"]) {
    process.stdin.on("end", stop);
    process.stdin.on("close", stop);
    process.stdin.resume();
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(`[redis-bridge] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
