import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCrmRateLimiter } from "../../../app/services/crm/rate-limiter";
import {
  addTestApiKey,
  connectRedis,
  deleteRedisKeys,
  makeTestClient,
  maxRequestsInAnySecond,
  requestsFor,
  startCrmSim,
  type CrmSim,
} from "./crm-test-kit";

let sim: CrmSim;
let url: string;
const connections: Redis[] = [];
const prefixes: string[] = [];

function openRedis(): Redis {
  const redis = connectRedis();
  connections.push(redis);
  return redis;
}

function makePrefix(): string {
  const prefix = `test-crm-rate-${randomUUID()}`;
  prefixes.push(prefix);
  return prefix;
}

beforeAll(async () => {
  ({ sim, url } = await startCrmSim({ rateLimitPerSecond: 10 }));
});

afterEach(async () => {
  const cleaner = connectRedis();
  for (const prefix of prefixes.splice(0)) await deleteRedisKeys(cleaner, prefix);
  cleaner.disconnect();
  for (const redis of connections.splice(0)) redis.disconnect();
});

afterAll(async () => {
  await sim.close();
});

describe(createCrmRateLimiter.name, () => {
  it("keeps two clients on separate connections within 10 requests in any second, with no 503", async () => {
    // GIVEN two clients for the same key, each with its own limiter and Redis connection
    const apiKey = addTestApiKey(sim);
    const prefix = makePrefix();
    const clients = [0, 1].map(() =>
      makeTestClient(url, apiKey, { limiter: createCrmRateLimiter({ redis: openRedis(), perSecond: 10, prefix }) }),
    );

    // WHEN each sends 40 requests, as fast as it can
    await Promise.all(clients.map((crm) => Promise.all(Array.from({ length: 40 }, () => crm.apiVersions()))));

    // THEN the simulator never saw more than 10 in a sliding second, and never had to refuse one
    const seen = requestsFor(sim, apiKey);
    expect(seen).toHaveLength(80);
    expect(seen.filter((request) => request.status === 503)).toHaveLength(0);
    expect(maxRequestsInAnySecond(seen.map((request) => request.at))).toBeLessThanOrEqual(10);
  });

  it("gives a free slot at once and, when the second is full, says how long to wait", async () => {
    // GIVEN a limit of 3 per second, fully used
    const limiter = createCrmRateLimiter({ redis: openRedis(), perSecond: 3, prefix: makePrefix() });
    const apiKey = `key-${randomUUID()}`;
    const first = await Promise.all([limiter.tryAcquire(apiKey), limiter.tryAcquire(apiKey), limiter.tryAcquire(apiKey)]);

    // WHEN
    const refused = await limiter.tryAcquire(apiKey);
    const otherKey = await limiter.tryAcquire(`key-${randomUUID()}`);

    // THEN
    expect(first).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.ok === false && refused.retryAfterMs).toBeLessThanOrEqual(1100);
    expect(otherKey).toEqual({ ok: true });
  });

  it("does not hand out a slot that a waiting acquire has reserved", async () => {
    // GIVEN a limit of 2 per second, used up, and an acquire waiting for the next slot
    const limiter = createCrmRateLimiter({ redis: openRedis(), perSecond: 2, prefix: makePrefix() });
    const apiKey = `key-${randomUUID()}`;
    await limiter.acquire(apiKey);
    await limiter.acquire(apiKey);
    const waiting = limiter.acquire(apiKey);

    // WHEN another worker asks without waiting
    const attempt = await limiter.tryAcquire(apiKey);

    // THEN it is told to come back after the reserved slot
    expect(attempt.ok).toBe(false);
    await waiting;
  });

  it("stores only a hash of the API key", async () => {
    // GIVEN
    const redis = openRedis();
    const prefix = makePrefix();
    const limiter = createCrmRateLimiter({ redis, perSecond: 10, prefix });
    const apiKey = `secret-${randomUUID()}`;

    // WHEN
    await limiter.acquire(apiKey);

    // THEN
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(" ")).not.toContain(apiKey);
  });
});
