// The worker process: npm run worker. Takes jobs from every queue until SIGTERM/SIGINT, then lets in-flight jobs
// finish (up to a grace period) and exits.
import { getConfig } from "../app/config.server";
import { createCatalogBuildLock } from "../app/services/catalog/catalog-build-lock";
import { createLogger } from "../app/services/logger";
import { getShopifyGraphql } from "../app/services/shopify/admin.server";
import { createWorkerDeps } from "./deps";
import { createTopicHandlers } from "./handlers";
import { createCatalogBuildProcessor } from "./processors/catalog-build";
import { createInboxSweepProcessor } from "./processors/inbox-sweep";
import { createWebhookEventProcessor } from "./processors/webhook-event";
import { QUEUES, redisConnection } from "./queues";
import { startWorkers, type ProcessorMap } from "./runtime";
import { ensureCatalogSchedules, upsertInboxSweepSchedule } from "./schedules";

const config = getConfig();
const logger = createLogger(config.logLevel, { component: "worker", pid: process.pid });
const deps = createWorkerDeps(config, logger);

const processors: ProcessorMap = {
  "webhook-event": createWebhookEventProcessor({ db: deps.db, handlers: createTopicHandlers(deps), lock: deps.lock }),
  "catalog-build": createCatalogBuildProcessor({ db: deps.db, lock: createCatalogBuildLock(deps.redis), shopifyGraphql: getShopifyGraphql }),
  "inbox-sweep": createInboxSweepProcessor({ db: deps.db, queues: deps.queues }),
};

await ensureCatalogSchedules({ db: deps.db, queues: deps.queues, logger });
await upsertInboxSweepSchedule(deps.queues.get(QUEUES.sync));

const runtime = startWorkers({
  connection: redisConnection(config.redisUrl),
  processors,
  concurrency: { [QUEUES.sync]: config.workerConcurrency, [QUEUES.catalog]: 1 },
  logger,
});
logger.info({ queues: Object.values(QUEUES), concurrency: config.workerConcurrency }, "worker started");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker stopping: finishing in-flight jobs");
  await runtime.close();
  await deps.close();
  logger.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
