import { spawnSync } from "node:child_process";
import { Redis } from "ioredis";

async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Makes sure Redis answers at `url`. When nothing listens on a loopback URL and
 * `redis-server` is installed, starts it (in-memory, no persistence) and waits for it.
 */
export async function ensureRedis(url: string): Promise<void> {
  if (await ping(url)) return;
  const { hostname, port } = new URL(url);
  const local = hostname === "127.0.0.1" || hostname === "localhost";
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  if (!local || which.status !== 0) {
    throw new Error(
      `Redis does not answer at ${url}. Start Redis there, or set REDIS_URL to a Redis server you run` +
        (local ? " (redis-server is not installed on this machine: apt-get install redis-server)." : "."),
    );
  }
  spawnSync(which.stdout.trim(), ["--daemonize", "yes", "--bind", "127.0.0.1", "--port", port || "6379", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  for (let i = 0; i < 50; i++) {
    if (await ping(url)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Started redis-server for ${url}, but it did not answer within 5 s.`);
}
