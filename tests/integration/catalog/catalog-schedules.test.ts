import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../../app/db.server";
import { createQueues, QUEUES, redisConnection, jobIds } from "../../../workers/queues";
import { CATALOG_SCHEDULE_EVERY_MS, catalogScheduleOffsetMs, ensureCatalogSchedules, removeCatalogSchedule, upsertCatalogSchedule } from "../../../workers/schedules";
import { makeTestQueues, testRedisUrl } from "../../helpers/queues";

const db = createDb(process.env.DATABASE_URL);
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await db.$disconnect();
});

async function addShops(status: string, count: number): Promise<string[]> {
  const domains = Array.from({ length: count }, () => `schedule-${randomUUID().slice(0, 8)}.myshopify.com`);
  for (const domain of domains) await db.shop.create({ data: { domain, status } });
  return domains;
}

/** Two "workers": separate queue connections on one prefix, as two processes would have. */
function twoWorkers() {
  const first = makeTestQueues();
  const second = createQueues(redisConnection(testRedisUrl()), { prefix: first.prefix });
  cleanups.push(async () => {
    await second.close();
    await first.cleanup();
  });
  return [first.queues, second] as const;
}

describe(ensureCatalogSchedules.name, () => {
  it("leaves exactly one 4-hour scheduler and one pending run per connected shop, however often and wherever it runs", async () => {
    // GIVEN three connected shops and one that never connected
    const connected = await addShops("connected", 3);
    const [installed] = await addShops("installed", 1);
    const [workerA, workerB] = twoWorkers();

    // WHEN two workers boot at once, and one of them restarts
    await Promise.all([ensureCatalogSchedules({ db, queues: workerA }), ensureCatalogSchedules({ db, queues: workerB })]);
    await ensureCatalogSchedules({ db, queues: workerA });

    // THEN each connected shop has one scheduler, every 4 hours, and one delayed run; the other shop has none
    const queue = workerA.get(QUEUES.catalog);
    const schedulers = (await queue.getJobSchedulers(0, -1)).filter((scheduler) => [...connected, installed].some((shop) => scheduler.key === jobIds.catalogScheduler(shop!)));
    expect(schedulers.map((scheduler) => scheduler.key).sort()).toEqual(connected.map((shop) => jobIds.catalogScheduler(shop)).sort());
    expect(schedulers.every((scheduler) => scheduler.every === CATALOG_SCHEDULE_EVERY_MS)).toBe(true);
    const delayed = await queue.getDelayed();
    for (const shop of connected) {
      expect(delayed.filter((job) => job.data.shop === shop)).toMatchObject([{ name: "catalog-build", data: { shop, trigger: "schedule" } }]);
    }
    // AND the shops sit at different points of the interval, each at its own fixed offset
    const offsets = schedulers.map((scheduler) => Number(scheduler.offset));
    expect(new Set(offsets).size).toBe(3);
    for (const scheduler of schedulers) {
      const shop = connected.find((domain) => jobIds.catalogScheduler(domain) === scheduler.key)!;
      expect(Number(scheduler.offset)).toBe(catalogScheduleOffsetMs(shop));
      expect(Number(scheduler.next) % CATALOG_SCHEDULE_EVERY_MS).toBe(catalogScheduleOffsetMs(shop));
    }
  });

  it("drops the scheduler of a shop that uninstalled while no worker ran", async () => {
    // GIVEN a scheduler registered while the shop was connected, and the shop uninstalled since
    const [shop] = await addShops("connected", 1);
    const [worker] = twoWorkers();
    const queue = worker.get(QUEUES.catalog);
    await upsertCatalogSchedule(queue, shop!);
    await db.shop.update({ where: { domain: shop! }, data: { status: "uninstalled" } });

    // WHEN a worker boots
    const result = await ensureCatalogSchedules({ db, queues: worker });

    // THEN the scheduler and its pending run are gone
    expect(result.removed).toContain(jobIds.catalogScheduler(shop!));
    expect(await queue.getJobScheduler(jobIds.catalogScheduler(shop!))).toBeUndefined();
    expect((await queue.getDelayed()).filter((job) => job.data.shop === shop)).toEqual([]);
  });
});

describe(removeCatalogSchedule.name, () => {
  it("removes one shop's scheduler and leaves the others", async () => {
    const [leaving, staying] = await addShops("connected", 2);
    const [worker] = twoWorkers();
    const queue = worker.get(QUEUES.catalog);
    await upsertCatalogSchedule(queue, leaving!);
    await upsertCatalogSchedule(queue, staying!);

    expect(await removeCatalogSchedule(queue, leaving!)).toBe(true);

    expect(await queue.getJobScheduler(jobIds.catalogScheduler(leaving!))).toBeUndefined();
    expect(await queue.getJobScheduler(jobIds.catalogScheduler(staying!))).toBeDefined();
    expect(await removeCatalogSchedule(queue, leaving!)).toBe(false);
  });
});
