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

  it("spaces the slots of one key evenly, one per (window ÷ limit)", async () => {
    // GIVEN a limit of 5 per second: one slot per 210 ms
    const limiter = createCrmRateLimiter({ redis: openRedis(), perSecond: 5, prefix: makePrefix() });
    const apiKey = `key-${randomUUID()}`;

    // WHEN six requests ask at once
    const grantedAt: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => limiter.acquire(apiKey).then(() => grantedAt.push(performance.now()))));

    // THEN they are given one after another, never closer than the spacing, less a little round-trip jitter
    const gaps = grantedAt.slice(1).map((at, index) => at - grantedAt[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(190);
  });

  it("admits a new job while few requests wait for the key, and tells it how long to step aside when more do", async () => {
    // GIVEN a limit of 2 per second (one slot per 525 ms), a slot just taken, and one request of a running job queued
    const limiter = createCrmRateLimiter({ redis: openRedis(), perSecond: 2, prefix: makePrefix(), admitQueue: 2 });
    const apiKey = `key-${randomUUID()}`;
    await limiter.acquire(apiKey);
    const queued = [limiter.acquire(apiKey)];
    const whileShort = limiter.admit(apiKey);

    // WHEN a second request queues and another job asks to start
    queued.push(limiter.acquire(apiKey));
    const refused = limiter.admit(apiKey);

    // THEN the first job was let in, the second is turned away for about the time the queue needs, and another key
    // is not held up
    expect(whileShort).toEqual({ ok: true });
    expect(refused).toEqual({ ok: false, retryAfterMs: 3 * 525 });
    expect(limiter.admit(`key-${randomUUID()}`)).toEqual({ ok: true });
    // AND once the queue has gone, a job gets in again
    await Promise.all(queued);
    expect(limiter.admit(apiKey)).toEqual({ ok: true });
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
