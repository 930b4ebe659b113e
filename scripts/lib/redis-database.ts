import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

/**
 * Logical Redis databases for runs that need one to themselves: the tests that start the real web app and worker
 * processes (BullMQ's default prefix and fixed lock keys would collide across test files) and the benchmarks (which
 * flush and count keys). A claim is a key with a time limit in database 0, renewed while the run lasts, so a killed
 * run frees its database within CLAIM_TTL_MS.
 */
export const BENCH_REDIS_DATABASES = { webhookIngress: 9, drain: 10 } as const;

const CLAIM_PREFIX = "redis-database-claim";
const CLAIM_TTL_MS = 2 * 60 * 1000;
/** Database 0 holds the claims (and the in-process tests' prefixed queues); the benchmarks' are theirs. */
const NEVER_PICKED = new Set<number>([0, ...Object.values(BENCH_REDIS_DATABASES)]);

export interface ClaimedRedisDatabase {
  /** The Redis URL with the claimed database index, e.g. redis://127.0.0.1:6379/5. */
  readonly url: string;
  readonly index: number;
  /** Empties the database and gives it back. */
  release(): Promise<void>;
}

export function withRedisDatabase(baseUrl: string, index: number): string {
  const url = new URL(baseUrl);
  url.pathname = `/${index}`;
  return url.toString();
}

/**
 * Claims database `options.index`, or any free one (never 0 or a benchmark's) when no index is given, and empties it.
 * `holder` names the run in the message another run gets while this one holds it.
 */
export async function claimRedisDatabase(baseUrl: string, options: { index?: number; holder: string }): Promise<ClaimedRedisDatabase> {
  const control = new Redis(withRedisDatabase(baseUrl, 0), { maxRetriesPerRequest: 1 });
  const token = `${options.holder}|${randomUUID()}`;
  const claimKey = (index: number) => `${CLAIM_PREFIX}:${index}`;
  try {
    let index = options.index;
    if (index === undefined) {
      const databases = Number(((await control.config("GET", "databases")) as string[])[1] ?? 16);
      const candidates = Array.from({ length: databases }, (_, candidate) => candidate).filter((candidate) => !NEVER_PICKED.has(candidate));
      candidates.sort(() => Math.random() - 0.5);
      for (const candidate of candidates) {
        if ((await control.set(claimKey(candidate), token, "PX", CLAIM_TTL_MS, "NX")) === "OK") {
          index = candidate;
          break;
        }
      }
      if (index === undefined) throw new Error(`Every Redis database at ${baseUrl} is claimed by another run; wait for one to finish or raise "databases" in redis.conf.`);
    } else if ((await control.set(claimKey(index), token, "PX", CLAIM_TTL_MS, "NX")) !== "OK") {
      const holder = (await control.get(claimKey(index)))?.split("|")[0] ?? "another run";
      const ttlMs = await control.pttl(claimKey(index));
      throw new Error(
        `Redis database ${index} is held by ${holder} for up to ${Math.ceil(ttlMs / 1000)} s more (key ${claimKey(index)} in database 0); wait for it to finish.`,
      );
    }
    const key = claimKey(index);
    const url = withRedisDatabase(baseUrl, index);
    await flushDatabase(url);
    const renew = setInterval(() => void control.pexpire(key, CLAIM_TTL_MS).catch(() => {}), CLAIM_TTL_MS / 4);
    renew.unref();
    return {
      url,
      index,
      async release() {
        clearInterval(renew);
        try {
          await flushDatabase(url);
          if ((await control.get(key)) === token) await control.del(key);
        } finally {
          control.disconnect();
        }
      },
    };
  } catch (error) {
    control.disconnect();
    throw error;
  }
}

async function flushDatabase(url: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
