import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { testRedisUrl } from "./queues";

export interface ClaimedRedisDatabase {
  /** The Redis URL with the claimed database index, e.g. redis://127.0.0.1:6379/5. */
  readonly url: string;
  readonly index: number;
  /** Empties the database and gives it back. */
  release(): Promise<void>;
}

const CLAIM_PREFIX = "test-redis-database-claim";
const CLAIM_TTL_MS = 15 * 60 * 1000;
/** Database 0 holds the claims and the in-process tests' prefixed queues; the ingress benchmark uses 9. */
const RESERVED = new Set([0, 9]);

function withDatabase(baseUrl: string, index: number): string {
  const url = new URL(baseUrl);
  url.pathname = `/${index}`;
  return url.toString();
}

/**
 * A Redis database of its own for tests that run the real web app and worker processes: they use BullMQ's default
 * prefix and fixed lock keys, so a separate database is what keeps two test files (or two runs) apart. The claim is
 * a key with a time limit in database 0, so a crashed run frees its database on its own; the database is emptied
 * when it is claimed and when it is released.
 */
export async function claimRedisDatabase(baseUrl: string = testRedisUrl()): Promise<ClaimedRedisDatabase> {
  const control = new Redis(withDatabase(baseUrl, 0), { maxRetriesPerRequest: 1 });
  try {
    const databases = Number(((await control.config("GET", "databases")) as string[])[1] ?? 16);
    const candidates = Array.from({ length: databases }, (_, index) => index).filter((index) => !RESERVED.has(index));
    candidates.sort(() => Math.random() - 0.5);
    const token = randomUUID();
    for (const index of candidates) {
      const claimKey = `${CLAIM_PREFIX}:${index}`;
      if ((await control.set(claimKey, token, "PX", CLAIM_TTL_MS, "NX")) !== "OK") continue;
      const url = withDatabase(baseUrl, index);
      await flushDatabase(url);
      return {
        url,
        index,
        async release() {
          await flushDatabase(url);
          const releaser = new Redis(withDatabase(baseUrl, 0), { maxRetriesPerRequest: 1 });
          try {
            if ((await releaser.get(claimKey)) === token) await releaser.del(claimKey);
          } finally {
            releaser.disconnect();
          }
        },
      };
    }
    throw new Error(`Every Redis database at ${baseUrl} is claimed by another test run; wait for one to finish or raise "databases" in redis.conf.`);
  } finally {
    control.disconnect();
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
