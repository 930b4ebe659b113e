import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptWebhook } from "../../../app/services/webhook-inbox";
import { WEBHOOK_TOPICS, type WebhookTopic } from "../../../app/services/webhook-topics";
import { createEntityLock } from "../../../app/services/entity-lock";
import { createProductsHandler } from "../../../workers/handlers/products";
import type { TopicHandler, TopicHandlers } from "../../../workers/handlers/types";
import { createCatalogBuildProcessor } from "../../../workers/processors/catalog-build";
import { createWebhookEventProcessor } from "../../../workers/processors/webhook-event";
import { jobIds, QUEUES, redisConnection } from "../../../workers/queues";
import { startWorkers } from "../../../workers/runtime";
import { silentLogger, testRedisUrl } from "../../helpers/queues";
import { seedCatalogShop } from "./catalog-fixture";
import { eventually, startCatalogKit, testSourceOptions, type CatalogKit } from "./catalog-test-kit";

let kit: CatalogKit;
let receiver: Server;

beforeAll(async () => {
  kit = await startCatalogKit();
  const { verifyShopifyWebhook } = await import("../../../app/services/shopify/webhook-verify.server");
  receiver = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers(Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
      const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
      const response = await acceptWebhook(request, {
        db: kit.db,
        verify: verifyShopifyWebhook,
        logger: silentLogger,
        enqueue: (data) => enqueueWebhookEvent(data.shop, data.eventId),
      });
      res.writeHead(response.status).end();
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  await kit?.close();
});

let enqueueWebhookEvent: (shop: string, eventId: string) => Promise<void> = async () => {
  throw new Error("no worker is listening");
};

function topicTable(products: TopicHandler): TopicHandlers {
  const ignored: TopicHandler = async () => "noop";
  return Object.fromEntries(Object.values(WEBHOOK_TOPICS).map(({ topic, entity }) => [topic, entity === "product" ? products : ignored])) as Record<WebhookTopic, TopicHandler>;
}

describe(createProductsHandler.name, () => {
  it("rebuilds the catalog shortly after a burst of product changes, once", async () => {
    // GIVEN a connected shop with a built catalog, Shopify sending webhooks to the app, and a worker for both queues
    const shop = await kit.newShop();
    seedCatalogShop(shop.sim, kit.shopify);
    await shop.connect();
    const initialBuilds = await kit.db.catalogBuild.count({ where: { shop: shop.domain } });
    const processors = {
      "webhook-event": createWebhookEventProcessor({
        db: kit.db,
        handlers: topicTable(createProductsHandler({ db: kit.db, queues: shop.queues, rebuildDelayMs: 1_000 })),
        lock: createEntityLock(kit.redis, { prefix: `${shop.prefix}:entity-lock` }),
        lockRetryMs: 50,
      }),
      "catalog-build": createCatalogBuildProcessor({ db: kit.db, lock: shop.lock, shopifyGraphql: (domain) => kit.shopifyGraphql(domain), source: testSourceOptions() }),
    };
    const runtime = startWorkers({
      connection: redisConnection(testRedisUrl()),
      prefix: shop.prefix,
      logger: silentLogger,
      processors,
      concurrency: { [QUEUES.sync]: 2, [QUEUES.catalog]: 1 },
      shutdownGraceMs: 2_000,
    });
    enqueueWebhookEvent = (domain, eventId) => shop.queues.add("webhook-event", { shop: domain, eventId }, { jobId: jobIds.webhookEvent(domain, eventId) });
    kit.shopify.webhooks.setWebhookUrl(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`);
    try {
      // WHEN the merchant renames a product, creates one and deletes another within a second
      const [renamed, deleted] = shop.sim.products();
      shop.sim.updateProduct(renamed!.id, { title: "Renamed in Shopify" });
      const created = shop.sim.createProduct({ title: "Brand new product", variants: [{ price: "5.00", sku: "NEW-1" }] });
      shop.sim.deleteProduct(deleted!.id);
      await kit.shopify.webhooks.settle();

      // THEN the shop is marked dirty, and one rebuild a moment later serves the changes and clears the mark
      await eventually(async () => expect(await kit.db.webhookEvent.count({ where: { shop: shop.domain, status: "processed" } })).toBe(3));
      const build = await eventually(async () => {
        const builds = await kit.db.catalogBuild.findMany({ where: { shop: shop.domain, trigger: "webhook" } });
        expect(builds).toMatchObject([{ status: "succeeded" }]);
        return builds[0]!;
      }, 15_000);
      const file = await kit.db.catalogFile.findUniqueOrThrow({ where: { shop: shop.domain } });
      expect(file.buildId).toBe(build.id);
      const xml = gunzipSync(file.gzip).toString("utf8");
      expect(xml).toContain("<productName>Renamed in Shopify</productName>");
      expect(xml).toContain(`productId="${created.id}"`);
      expect(xml).not.toContain(`productId="${deleted!.id}"`);
      expect((await kit.db.shop.findUniqueOrThrow({ where: { domain: shop.domain } })).catalogDirtyAt).toBeNull();
      expect(await kit.db.catalogBuild.count({ where: { shop: shop.domain } })).toBe(initialBuilds + 1);
    } finally {
      kit.shopify.webhooks.setWebhookUrl(undefined);
      await runtime.close();
    }
  });

  it("ignores product changes of a shop that is not connected to the CRM", async () => {
    const shop = await kit.newShop();
    const handler = createProductsHandler({ db: kit.db, queues: shop.queues, rebuildDelayMs: 1_000 });

    const outcome = await handler(
      { shop: shop.domain, eventId: "e1", topic: "products/update", entityId: "1", payload: "{}", triggeredAt: null, receivedAt: new Date() },
      { logger: silentLogger, finalAttempt: false },
    );

    expect(outcome).toBe("skipped");
    expect((await kit.db.shop.findUniqueOrThrow({ where: { domain: shop.domain } })).catalogDirtyAt).toBeNull();
    expect(await shop.queues.get(QUEUES.catalog).getJobCounts("delayed", "waiting")).toMatchObject({ delayed: 0, waiting: 0 });
  });
});
