import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createEntityLock } from "../../../app/services/entity-lock";
import { connectRedis, deleteRedisKeys } from "../crm/crm-test-kit";

const redis = connectRedis();
const prefix = `test-entity-lock-${randomUUID()}`;
const lock = createEntityLock(redis, { prefix, ttlMs: 10_000 });

afterAll(async () => {
  await deleteRedisKeys(redis, prefix);
  redis.disconnect();
});

describe(createEntityLock.name, () => {
  it("is re-entrant for its owner and closed to everyone else until released", async () => {
    // GIVEN an order locked by a job
    const held = await lock.tryLock("shop:order:1", "job-1");

    // WHEN the same job and another one ask for it
    const again = await lock.tryLock("shop:order:1", "job-1");
    const other = await lock.tryLock("shop:order:1", "job-2");

    // THEN only the owner gets it, and it is free once released
    expect(held).toBeDefined();
    expect(again).toBeDefined();
    expect(other).toBeUndefined();
    await held?.release();
    const afterRelease = await lock.tryLock("shop:order:1", "job-2");
    expect(afterRelease).toBeDefined();
    await afterRelease?.release();
  });

  it("takes the free ones among many keys, in their order, up to the number asked for", async () => {
    // GIVEN ten customers, two of them held by their own jobs
    const keys = Array.from({ length: 10 }, (_, index) => `shop:customer:${index}`);
    const own = await Promise.all([lock.tryLock(keys[1]!), lock.tryLock(keys[3]!)]);

    // WHEN a batch asks for five of them
    const batch = await lock.tryLockSome(keys, 5);

    // THEN it gets the first five free ones, and nobody else can take them until the batch releases them all
    expect(batch.keys).toEqual([keys[0], keys[2], keys[4], keys[5], keys[6]]);
    expect(await lock.tryLock(keys[4]!)).toBeUndefined();
    await batch.release();
    const freed = await lock.tryLock(keys[4]!);
    expect(freed).toBeDefined();
    // AND releasing the batch left the locks it did not take alone
    expect(await lock.tryLock(keys[1]!)).toBeUndefined();
    await Promise.all([...own, freed].map((held) => held?.release()));
  });

  it("splits a backlog between batches claiming at the same moment instead of interleaving them", async () => {
    // GIVEN 100 waiting records and four batches that claim them at once
    const keys = Array.from({ length: 100 }, (_, index) => `shop:order:${1000 + index}`);

    // WHEN
    const batches = await Promise.all([0, 1, 2, 3].map(() => lock.tryLockSome(keys, 25)));

    // THEN each gets 25, no record twice, every batch a contiguous run of the backlog
    const taken = batches.flatMap((batch) => batch.keys);
    expect(new Set(taken).size).toBe(100);
    for (const batch of batches) {
      const first = keys.indexOf(batch.keys[0]!);
      expect(batch.keys).toEqual(keys.slice(first, first + 25));
    }
    await Promise.all(batches.map((batch) => batch.release()));
  });
});
