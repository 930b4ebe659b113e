import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { QueueEvents, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import { createDb, type Db } from "../../../app/db.server";
import { createCrmRateLimiter, type CrmRateLimiter } from "../../../app/services/crm/rate-limiter";
import type { ShopifyGraphql } from "../../../app/services/shopify/admin-graphql";
import { createCrmAccessLoader, type CrmAccess } from "../../../app/services/sync/crm-access";
import { acceptWebhook } from "../../../app/services/webhook-inbox";
import { WEBHOOK_TOPICS, type WebhookTopic } from "../../../app/services/webhook-topics";
import { createCrmSimulator, type CrmSimulator } from "../../../sim/retailcrm/index";
import type { CrmSimRequestRecord } from "../../../sim/retailcrm/index";
import { createShopifySimulator, type ShopifySimulator, type SimShop } from "../../../sim/shopify/simulator";
import { createEntityLock } from "../../../app/services/entity-lock";
import { createCustomerHandler, type SyncHandlerDeps } from "../../../workers/handlers/customers";
import { createOrderHandler } from "../../../workers/handlers/orders";
import type { TopicHandler, TopicHandlers } from "../../../workers/handlers/types";
import { createWebhookEventProcessor } from "../../../workers/processors/webhook-event";
import { jobIds, QUEUES, redisConnection, type QueueSet } from "../../../workers/queues";
import { startWorkers, type WorkerRuntime } from "../../../workers/runtime";
import { storeConnectedShop } from "../../helpers/shopify-session";
import { makeTestQueues, silentLogger, testRedisUrl } from "../../helpers/queues";
import { TEST_API_SECRET } from "../../helpers/webhooks";

const CRM_SCOPES = ["order_read", "order_write", "customer_read", "customer_write", "reference_read", "reference_write", "store_read"];

/** Short backoff so retry paths run in milliseconds; the production defaults are in workers/queues.ts. */
export const TEST_JOB_OPTIONS: JobsOptions = { attempts: 4, backoff: { type: "fixed", delay: 150 }, removeOnComplete: false, removeOnFail: false };

export interface SyncKit {
  db: Db;
  crm: CrmSimulator;
  shopify: ShopifySimulator;
  redis: Redis;
  /** The CRM limiter the handlers gate on: 10 requests per second per key, as RetailCRM allows. */
  limiter: CrmRateLimiter;
  encryptionKey: Buffer;
  /** The app's own wiring, as a worker or a command gets it. */
  crmFor(shop: string, options?: { waitForSlots?: boolean }): Promise<CrmAccess>;
  shopifyFor(shop: string): Promise<ShopifyGraphql>;
  newShop(options?: NewShopOptions): Promise<TestShop>;
  close(): Promise<void>;
}

export interface NewShopOptions {
  settings?: Record<string, unknown>;
  /** Wraps a handler, e.g. to watch when jobs run. */
  wrapHandler?: (handler: TopicHandler) => TopicHandler;
  concurrency?: number;
  /** Send waiting deliveries of one kind together (uploads of up to 50); off by default, so each test sees one path. */
  backlog?: boolean;
  /** Put this shop's jobs on another shop's queue and worker, as shops share them in production. */
  shareWorkerWith?: TestShop;
}

interface TestWorker {
  queues: QueueSet;
  events: QueueEvents;
}

export interface TestShop {
  domain: string;
  site: string;
  apiKey: string;
  sim: SimShop;
  worker: TestWorker;
  queues: QueueSet;
  events: QueueEvents;
  /** Every RetailCRM request made with this shop's key. */
  crmRequests(): CrmSimRequestRecord[];
  /** The POSTs among them (creates and edits). */
  crmWrites(): CrmSimRequestRecord[];
  /** Waits until Shopify delivered every webhook and the worker handled every stored event and job. */
  settle(timeoutMs?: number): Promise<void>;
  /** Adds the job for a stored event, as the inbox does. */
  enqueue(eventId: string): Promise<void>;
}

/**
 * Both simulators, the real webhook inbox (HMAC checked by shopify-app-remix), a worker per shop on its own queue
 * prefix running the real processor and handlers, the shared Redis rate limiter, and the test database.
 */
export async function startSyncKit(): Promise<SyncKit> {
  const db = createDb(process.env.DATABASE_URL);
  const crm = createCrmSimulator();
  const crmUrl = await crm.listen();
  const shopify = createShopifySimulator({ apiSecret: TEST_API_SECRET, throttle: false, webhooks: { retryScale: 0.01 } });
  const shopifyUrl = await shopify.listen();
  // The app's Shopify wiring reads the simulator switch once, when it loads: set it first.
  process.env.SHOPIFY_SIM_URL = shopifyUrl;
  const { verifyShopifyWebhook } = await import("../../../app/services/shopify/webhook-verify.server");
  const { getShopifyGraphql } = await import("../../../app/services/shopify/admin.server");
  const { getConfig } = await import("../../../app/config.server");
  const encryptionKey = getConfig().encryptionKey;

  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  const limiterPrefix = `test-sync-rate-${randomUUID()}`;
  const limiter = createCrmRateLimiter({ redis, prefix: limiterPrefix });
  const enqueueByShop = new Map<string, (eventId: string) => Promise<void>>();

  const receiver: Server = createServer((req, res) => {
    void (async () => {
      const response = await acceptWebhook(await toFetchRequest(req), {
        db,
        verify: verifyShopifyWebhook,
        logger: silentLogger,
        async enqueue(data) {
          const enqueue = enqueueByShop.get(data.shop);
          if (!enqueue) throw new Error(`No test worker for ${data.shop}`);
          await enqueue(data.eventId);
        },
      });
      res.writeHead(response.status).end(await response.text());
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  shopify.webhooks.setWebhookUrl(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`);

  const cleanups: Array<() => Promise<void>> = [];

  async function newShop(options: NewShopOptions = {}): Promise<TestShop> {
    const label = randomUUID().slice(0, 8);
    const domain = `sync-${label}.myshopify.com`;
    const site = `site-${label}`;
    const apiKey = `sync-key-${randomUUID()}`;
    crm.addSite({ code: site, currency: "USD", countryIso: "US" });
    crm.addApiKey({ key: apiKey, scopes: CRM_SCOPES, sites: [site] });
    const sim = shopify.addShop(domain);
    await storeConnectedShop(db, { domain, accessToken: sim.accessToken, crmUrl, site, crmApiKey: apiKey, encryptionKey, settings: options.settings });

    const worker = options.shareWorkerWith?.worker ?? (await startTestWorker(options));
    const { queues, events } = worker;
    const enqueue = async (eventId: string) => {
      await queues.add("webhook-event", { shop: domain, eventId }, { ...TEST_JOB_OPTIONS, jobId: jobIds.webhookEvent(domain, eventId) });
    };
    enqueueByShop.set(domain, enqueue);
    cleanups.push(async () => {
      enqueueByShop.delete(domain);
    });

    const crmRequests = () => crm.requests.filter((request) => request.apiKey === apiKey);
    return {
      domain,
      site,
      apiKey,
      sim,
      worker,
      queues,
      events,
      crmRequests,
      crmWrites: () => crmRequests().filter((request) => request.method === "POST"),
      enqueue,
      async settle(timeoutMs = 15_000) {
        await shopify.webhooks.settle();
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const [unhandled, counts] = await Promise.all([
            db.webhookEvent.count({ where: { shop: domain, status: "received" } }),
            queues.get(QUEUES.sync).getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children"),
          ]);
          if (unhandled === 0 && Object.values(counts).every((count) => count === 0)) return;
          if (Date.now() > deadline) {
            throw new Error(`Sync did not settle for ${domain}: ${unhandled} event(s) unhandled, jobs ${JSON.stringify(counts)}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
      },
    };
  }

  async function startTestWorker(options: NewShopOptions): Promise<TestWorker> {
    const { prefix, queues, cleanup } = makeTestQueues();
    const lock = createEntityLock(redis, { prefix: `${prefix}:entity-lock` });
    const deps: SyncHandlerDeps = {
      db,
      crmFor: createCrmAccessLoader({ db, encryptionKey, limiter, logger: silentLogger, retry: { baseDelayMs: 20, maxDelayMs: 200 } }),
      shopifyFor: (shop, logger): Promise<ShopifyGraphql> => getShopifyGraphql(shop, logger),
      lock,
      backlog: options.backlog ? {} : undefined,
    };
    const wrap = options.wrapHandler ?? ((handler: TopicHandler) => handler);
    const processor = createWebhookEventProcessor({
      db,
      handlers: buildTopicHandlers(wrap(createCustomerHandler(deps)), wrap(createOrderHandler(deps))),
      lock,
      lockRetryMs: 50,
    });
    const runtime: WorkerRuntime = startWorkers({
      connection: redisConnection(testRedisUrl()),
      processors: { "webhook-event": processor },
      concurrency: { [QUEUES.sync]: options.concurrency ?? 4 },
      logger: silentLogger,
      prefix,
      shutdownGraceMs: 2_000,
    });
    const events = new QueueEvents(QUEUES.sync, { connection: redisConnection(testRedisUrl()), prefix });
    await events.waitUntilReady();
    cleanups.push(async () => {
      await runtime.close();
      await events.close();
      await cleanup();
    });
    return { queues, events };
  }

  return {
    db,
    crm,
    shopify,
    redis,
    limiter,
    encryptionKey,
    crmFor: (shop, options = {}) =>
      createCrmAccessLoader({ db, encryptionKey, limiter, logger: silentLogger, retry: { baseDelayMs: 20, maxDelayMs: 200 }, ...options })(shop),
    shopifyFor: (shop) => getShopifyGraphql(shop, silentLogger),
    newShop,
    async close() {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      receiver.closeAllConnections();
      await shopify.close();
      await crm.close();
      const keys = await redis.keys(`${limiterPrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await db.$disconnect();
    },
  };
}

/** The topic table for the tests: the customer and order handlers under test; other topics (products) do nothing. */
export function buildTopicHandlers(customers: TopicHandler, orders: TopicHandler): TopicHandlers {
  const ignored: TopicHandler = async () => "noop";
  const table = Object.fromEntries(
    Object.values(WEBHOOK_TOPICS).map(({ topic, entity }) => [topic, entity === "customer" ? customers : entity === "order" ? orders : ignored]),
  );
  return table as Record<WebhookTopic, TopicHandler>;
}

async function toFetchRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
  });
}

export { eventually } from "../../helpers/eventually";

/** The decoded `customer` / `order` form field of a RetailCRM request. */
export function formEntity(request: CrmSimRequestRecord, field: "customer" | "order" | "payment"): Record<string, unknown> {
  const body = request.body as Record<string, unknown>;
  return body[field] as Record<string, unknown>;
}
