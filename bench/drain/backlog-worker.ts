// A measuring aid for the drain benchmark (`--worker backlog`): workers/index.ts, except that the customer and
// order handlers get the entity lock and backlog options, so waiting deliveries are sent in batches of 50. At the
// time of writing workers/handlers/index.ts passes neither, so the real worker syncs a backlog one record at a time.
import { getConfig } from "../../app/config.server";
import { createLogger } from "../../app/services/logger";
import { getShopifyGraphql } from "../../app/services/shopify/admin.server";
import { createWorkerDeps } from "../../workers/deps";
import { createTopicHandlers } from "../../workers/handlers";
import { createCustomerHandler, type SyncHandlerDeps } from "../../workers/handlers/customers";
import { createOrderHandler } from "../../workers/handlers/orders";
import { createWebhookEventProcessor } from "../../workers/processors/webhook-event";
import { QUEUES, redisConnection } from "../../workers/queues";
import { startWorkers } from "../../workers/runtime";
import { WEBHOOK_TOPICS } from "../../app/services/webhook-topics";

const config = getConfig();
const logger = createLogger(config.logLevel, { component: "worker", pid: process.pid });
const deps = createWorkerDeps(config, logger);

const sync: SyncHandlerDeps = { db: deps.db, crmFor: deps.crmFor, shopifyFor: getShopifyGraphql, lock: deps.lock, backlog: {} };
const customer = createCustomerHandler(sync);
const order = createOrderHandler(sync);
const handlers = createTopicHandlers(deps);
for (const { topic, entity } of Object.values(WEBHOOK_TOPICS)) {
  if (entity === "customer") handlers[topic] = customer;
  if (entity === "order") handlers[topic] = order;
}

const runtime = startWorkers({
  connection: redisConnection(config.redisUrl),
  processors: { "webhook-event": createWebhookEventProcessor({ db: deps.db, handlers, lock: deps.lock }) },
  concurrency: { [QUEUES.sync]: config.workerConcurrency },
  logger,
});

async function shutdown() {
  await runtime.close();
  await deps.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
