import type { Redis } from "ioredis";

export interface RedisDatabaseShrink {
  atSecond: number;
  keysBefore: number;
  keysAfter: number;
  /** Other clients on the same logical database at that moment (CLIENT LIST lines, trimmed). */
  otherClients: string[];
}

export interface RedisDatabaseWatch {
  stop(): Promise<RedisDatabaseShrink[]>;
}

/**
 * During a run nothing should remove keys from the benchmark's Redis database (the app only adds jobs, the floor only
 * pushes): a shrinking key count means another process flushed it or consumed the queue, and the audit cannot hold.
 */
export function watchRedisDatabase(redis: Redis, database: number, intervalMs = 250): RedisDatabaseWatch {
  const shrinks: RedisDatabaseShrink[] = [];
  const startedAt = performance.now();
  let last = 0;
  let polling: Promise<void> = Promise.resolve();
  const poll = async () => {
    const keys = await redis.dbsize();
    if (keys < last) {
      const ownId = String(await redis.client("ID"));
      const list = String(await redis.client("LIST"));
      shrinks.push({
        atSecond: Math.round((performance.now() - startedAt) / 100) / 10,
        keysBefore: last,
        keysAfter: keys,
        otherClients: list
          .split("\n")
          .filter((line) => line.includes(` db=${database} `) && !line.startsWith(`id=${ownId} `))
          .map((line) => line.split(" ").filter((field) => /^(id|addr|name|age|cmd)=/.test(field)).join(" ")),
      });
    }
    last = keys;
  };
  const timer = setInterval(() => {
    polling = polling.then(poll).catch(() => {});
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await polling;
      return shrinks;
    },
  };
}
