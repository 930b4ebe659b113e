import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueCatalogBuild } from "../../../app/services/catalog/catalog-jobs";
import { createCatalogBuildProcessor } from "../../../workers/processors/catalog-build";
import { QUEUES, redisConnection } from "../../../workers/queues";
import { startWorkers, type WorkerRuntime } from "../../../workers/runtime";
import { silentLogger, testRedisUrl } from "../../helpers/queues";
import { seedCatalogShop } from "./catalog-fixture";
import { eventually, startCatalogKit, testSourceOptions, type CatalogKit, type CatalogTestShop } from "./catalog-test-kit";

let kit: CatalogKit;

beforeAll(async () => {
  kit = await startCatalogKit();
});
afterAll(async () => {
  await kit?.close();
});

function startCatalogWorker(shop: CatalogTestShop, source = testSourceOptions()): WorkerRuntime {
  return startWorkers({
    connection: redisConnection(testRedisUrl()),
    prefix: shop.prefix,
    logger: silentLogger,
    concurrency: { [QUEUES.catalog]: 2 },
    processors: {
      "catalog-build": createCatalogBuildProcessor({
        db: kit.db,
        lock: shop.lock,
        shopifyGraphql: (domain) => kit.shopifyGraphql(domain),
        source,
        busyRetryMs: 100,
      }),
    },
    shutdownGraceMs: 2_000,
  });
}

describe(createCatalogBuildProcessor.name, () => {
  it("puts a build back while another build of the shop runs, then runs it", async () => {
    // GIVEN another process building the shop's catalog
    const shop = await kit.newShop();
    seedCatalogShop(shop.sim, kit.shopify);
    await kit.db.shop.update({ where: { domain: shop.domain }, data: { status: "connected" } });
    const lease = await shop.lock.tryLock(shop.domain);
    const runtime = startCatalogWorker(shop);
    try {
      // WHEN a manual build is queued
      const { buildId } = await enqueueCatalogBuild({ db: kit.db, queues: shop.queues }, shop.domain, "manual");

      // THEN it waits (still queued) while the other build holds the shop, and runs once it is free
      await eventually(async () => expect((await shop.queues.get(QUEUES.catalog).getDelayed()).length).toBe(1));
      expect(await kit.db.catalogBuild.findUniqueOrThrow({ where: { id: buildId } })).toMatchObject({ status: "queued" });
      await lease!.release();
      await eventually(async () => expect(await kit.db.catalogBuild.findUniqueOrThrow({ where: { id: buildId } })).toMatchObject({ status: "succeeded" }));
    } finally {
      await runtime.close();
    }
  });

  it("ends a build Shopify denies access to, without retrying, and says why", async () => {
    // GIVEN a shop whose catalog export Shopify refuses (ACCESS_DENIED)
    const shop = await kit.newShop();
    seedCatalogShop(shop.sim, kit.shopify);
    await kit.db.shop.update({ where: { domain: shop.domain }, data: { status: "connected" } });
    shop.sim.bulk.failNext({ errorCode: "ACCESS_DENIED", partialData: false });
    const runtime = startCatalogWorker(shop, testSourceOptions({ bulkThresholdVariants: 0 }));
    try {
      // WHEN a build runs
      const { buildId } = await enqueueCatalogBuild({ db: kit.db, queues: shop.queues }, shop.domain, "manual");

      // THEN it fails once for good (no retry can fix permissions), and the build row says what to do
      const failed = await eventually(async () => {
        const [job] = await shop.queues.get(QUEUES.catalog).getFailed();
        expect(job).toBeDefined();
        return job!;
      });
      expect(failed.attemptsMade).toBe(1);
      expect(await kit.db.catalogBuild.findUniqueOrThrow({ where: { id: buildId } })).toMatchObject({
        status: "failed",
        error: expect.stringMatching(/ACCESS_DENIED.*accept its permissions/),
      });
    } finally {
      await runtime.close();
    }
  });

  it("skips the queued build of a shop that uninstalled the app", async () => {
    const shop = await kit.newShop();
    await kit.db.shop.update({ where: { domain: shop.domain }, data: { status: "uninstalled" } });
    const runtime = startCatalogWorker(shop);
    try {
      const { buildId } = await enqueueCatalogBuild({ db: kit.db, queues: shop.queues }, shop.domain, "manual");

      await eventually(async () =>
        expect(await kit.db.catalogBuild.findUniqueOrThrow({ where: { id: buildId } })).toMatchObject({ status: "failed", error: expect.stringMatching(/not installed/) }),
      );
      expect(await kit.db.catalogFile.findUnique({ where: { shop: shop.domain } })).toBeNull();
    } finally {
      await runtime.close();
    }
  });
});
