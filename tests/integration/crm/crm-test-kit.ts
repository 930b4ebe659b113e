import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { createCrmClient, type CrmClientDeps } from "../../../app/services/crm/client";
import { createCrmRateLimiter, type CrmRateLimiter } from "../../../app/services/crm/rate-limiter";
import { createCrmSimulator } from "../../../sim/retailcrm/index";

export type CrmSim = ReturnType<typeof createCrmSimulator>;

export async function startCrmSim(options: Parameters<typeof createCrmSimulator>[0] = {}): Promise<{ sim: CrmSim; url: string }> {
  const sim = createCrmSimulator(options);
  const url = await sim.listen();
  return { sim, url };
}

/** A fresh key on the simulator, so each test has its own rate-limit window and request log. */
export function addTestApiKey(sim: CrmSim, spec: { scopes?: string[]; sites?: string[] } = {}): string {
  const key = `test-${randomUUID()}`;
  sim.addApiKey({ key, ...spec });
  return key;
}

/** A client with short retry delays, so retry tests stay fast. */
export function makeTestClient(url: string, apiKey: string, overrides: Partial<CrmClientDeps> = {}) {
  return createCrmClient({ baseUrl: url, apiKey, retry: { baseDelayMs: 20, maxDelayMs: 200 }, ...overrides });
}

export function requestsFor(sim: CrmSim, apiKey: string) {
  return sim.requests.filter((request) => request.apiKey === apiKey);
}

export function uniqueId(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

export function connectRedis(): Redis {
  return new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
}

export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 200);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}

/** The most requests that arrived within any sliding 1000 ms window. */
export function maxRequestsInAnySecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= 1000) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/** The shared limiter on its own Redis prefix, for tests that send more than 10 requests a second. */
export function createTestLimiter(perSecond = 10): { limiter: CrmRateLimiter; close(): Promise<void> } {
  const redis = connectRedis();
  const prefix = `test-crm-rate-${randomUUID()}`;
  return {
    limiter: createCrmRateLimiter({ redis, perSecond, prefix }),
    async close() {
      await deleteRedisKeys(redis, prefix);
      redis.disconnect();
    },
  };
}
