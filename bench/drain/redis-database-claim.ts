import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

// The same claim keys tests/helpers/redis-database.ts uses, so a test run never picks the database the benchmark
// is emptying (and the benchmark never empties one a test holds). The claim is renewed while the benchmark runs.
const CLAIM_PREFIX = "test-redis-database-claim";
const CLAIM_TTL_MS = 2 * 60 * 1000;
const TOKEN_PREFIX = "drain-bench-";

export interface RedisDatabaseClaim {
  url: string;
  /** Empties the database and frees the claim. */
  release(): Promise<void>;
}

export async function claimRedisDatabaseIndex(baseUrl: string, index: number): Promise<RedisDatabaseClaim> {
  const control = new Redis(withDatabase(baseUrl, 0), { maxRetriesPerRequest: 1 });
  const claimKey = `${CLAIM_PREFIX}:${index}`;
  const token = `${TOKEN_PREFIX}${randomUUID()}`;
  const previous = await control.get(claimKey);
  // A benchmark run that was killed leaves its claim until it expires; only one benchmark runs at a time.
  if (previous?.startsWith(TOKEN_PREFIX)) await control.del(claimKey);
  if ((await control.set(claimKey, token, "PX", CLAIM_TTL_MS, "NX")) !== "OK") {
    control.disconnect();
    throw new Error(`Redis database ${index} is claimed by a test run (${claimKey}); wait for it to finish or pass --redis-db <another index>.`);
  }
  const renew = setInterval(() => void control.pexpire(claimKey, CLAIM_TTL_MS).catch(() => {}), CLAIM_TTL_MS / 4);
  const url = withDatabase(baseUrl, index);
  await flushDatabase(url);
  return {
    url,
    async release() {
      clearInterval(renew);
      try {
        await flushDatabase(url);
        if ((await control.get(claimKey)) === token) await control.del(claimKey);
      } finally {
        control.disconnect();
      }
    },
  };
}

function withDatabase(baseUrl: string, index: number): string {
  const url = new URL(baseUrl);
  url.pathname = `/${index}`;
  return url.toString();
}

async function flushDatabase(url: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
