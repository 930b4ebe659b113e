import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import pino from "pino";
import { createQueues, redisConnection, type QueueSet } from "../../workers/queues";

export const silentLogger = pino({ level: "silent" });

export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
}

/** Queues under a prefix of their own, so tests never see each other's jobs; `cleanup` deletes every key. */
export function makeTestQueues(): { prefix: string; queues: QueueSet; cleanup: () => Promise<void> } {
  const prefix = `test-${randomUUID()}`;
  const queues = createQueues(redisConnection(testRedisUrl()), { prefix });
  return {
    prefix,
    queues,
    async cleanup() {
      await queues.close();
      const redis = new Redis(testRedisUrl());
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
}
