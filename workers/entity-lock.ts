import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface EntityLock {
  /** Takes the lock for one entity, or returns undefined when another job holds it. */
  tryLock(key: string): Promise<{ release(): Promise<void> } | undefined>;
}

/**
 * Per-entity mutual exclusion across every worker process: two jobs for the same order or customer never run at
 * once. The lock expires on its own (ttlMs) if a worker dies holding it.
 */
export function createEntityLock(redis: Redis, options: { prefix?: string; ttlMs?: number } = {}): EntityLock {
  const prefix = options.prefix ?? "entity-lock";
  const ttlMs = options.ttlMs ?? 120_000;
  return {
    async tryLock(key) {
      const redisKey = `${prefix}:${key}`;
      const token = randomUUID();
      const taken = await redis.set(redisKey, token, "PX", ttlMs, "NX");
      if (taken !== "OK") return undefined;
      return {
        async release() {
          await redis.eval(RELEASE_SCRIPT, 1, redisKey, token);
        },
      };
    },
  };
}
