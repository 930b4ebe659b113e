import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

/** The claim keys tests/helpers/redis-database.ts uses: a test run never takes a database another run holds. */
const CLAIM_PREFIX = "test-redis-database-claim";
const CLAIM_TTL_MS = 2 * 60 * 1000;

export interface RedisDatabaseClaim {
  release(): Promise<void>;
}

function withDatabase(url: string, index: number): string {
  const parsed = new URL(url);
  parsed.pathname = `/${index}`;
  return parsed.toString();
}

/**
 * Holds logical database `index` for this run, so two benchmark runs (or a run and a test) never flush or count each
 * other's keys. The claim expires by itself if the run is killed, and is renewed while it lasts.
 */
export async function claimRedisDatabase(url: string, index: number): Promise<RedisDatabaseClaim> {
  const control = new Redis(withDatabase(url, 0), { maxRetriesPerRequest: 1 });
  const claimKey = `${CLAIM_PREFIX}:${index}`;
  const token = `webhook-ingress-bench-${process.pid}-${randomUUID()}`;
  if ((await control.set(claimKey, token, "PX", CLAIM_TTL_MS, "NX")) !== "OK") {
    const holder = await control.get(claimKey);
    const ttlMs = await control.pttl(claimKey);
    control.disconnect();
    throw new Error(
      `Redis database ${index} is held by ${holder ?? "another run"} for up to ${Math.ceil(ttlMs / 1000)} s more (key ${claimKey} in database 0). ` +
        "Only one webhook-ingress benchmark can run at a time: wait for the other run to finish.",
    );
  }
  const renew = setInterval(() => void control.pexpire(claimKey, CLAIM_TTL_MS).catch(() => {}), CLAIM_TTL_MS / 4);
  return {
    async release() {
      clearInterval(renew);
      try {
        if ((await control.get(claimKey)) === token) await control.del(claimKey);
      } finally {
        control.disconnect();
      }
    },
  };
}
