import { Redis } from "ioredis";
import { getConfig } from "../config.server";
import { getDb } from "../db.server";

export type DependencyState = "up" | "down";

export interface HealthReport {
  readonly ok: boolean;
  readonly db: DependencyState;
  readonly redis: DependencyState;
}

const CHECK_TIMEOUT_MS = 2000;

let healthRedis: Redis | undefined;

/** A connection of its own, so a health probe never queues behind (or for) the app's real Redis work. */
function getHealthRedis(): Redis {
  if (healthRedis) return healthRedis;
  healthRedis = new Redis(getConfig().redisUrl, {
    lazyConnect: true,
    connectTimeout: CHECK_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    connectionName: "health",
  });
  // A down Redis is reported by the probe; without a listener ioredis would print every reconnect failure.
  healthRedis.on("error", () => {});
  // remix-serve only closes its HTTP server on these signals; an open (or reconnecting) Redis client would
  // keep the process alive after that.
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, disconnectHealthRedis);
  return healthRedis;
}

/** Closes the probe's Redis connection; the next probe opens a new one. */
export function disconnectHealthRedis(): void {
  healthRedis?.disconnect();
  healthRedis = undefined;
}

async function settleWithin(check: () => Promise<unknown>, timeoutMs: number): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DependencyState>((resolve) => {
    timer = setTimeout(() => resolve("down"), timeoutMs);
  });
  const probe = check().then(
    (): DependencyState => "up",
    (): DependencyState => "down",
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkDatabase(): Promise<DependencyState> {
  return settleWithin(() => getDb().$queryRaw`select 1`, CHECK_TIMEOUT_MS);
}

export async function checkRedis(): Promise<DependencyState> {
  return settleWithin(async () => {
    const redis = getHealthRedis();
    if (redis.status === "wait") await redis.connect();
    return redis.ping();
  }, CHECK_TIMEOUT_MS);
}

/** Checks the database and Redis in parallel, each bounded by a 2 s timeout. */
export async function checkHealth(): Promise<HealthReport> {
  const [db, redis] = await Promise.all([checkDatabase(), checkRedis()]);
  return { ok: db === "up" && redis === "up", db, redis };
}
