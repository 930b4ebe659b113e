import { Redis } from "ioredis";
import type { AppConfig } from "../app/config.server";
import { createDb, type Db } from "../app/db.server";
import { closeCatalogBlobIo } from "../app/services/catalog/catalog-blob-io";
import { createCrmRateLimiter } from "../app/services/crm/rate-limiter";
import type { Logger } from "../app/services/logger";
import { createCrmAccessLoader, type CrmAccess } from "../app/services/sync/crm-access";
import { createEntityLock, type EntityLock } from "../app/services/entity-lock";
import { createQueues, redisConnection, type QueueSet } from "./queues";

/** Everything processors and handlers reach the outside world through; built once per worker process. */
export interface WorkerDeps {
  config: AppConfig;
  db: Db;
  redis: Redis;
  logger: Logger;
  queues: QueueSet;
  lock: EntityLock;
  /** A connected shop's CRM client, site, settings and per-shop rate gate, for one job. */
  crmFor(shop: string): Promise<CrmAccess>;
  close(): Promise<void>;
}

export function createWorkerDeps(config: AppConfig, logger: Logger, options: { prefix?: string } = {}): WorkerDeps {
  const db = createDb(config.databaseUrl);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  redis.on("error", (error) => logger.error({ err: error }, "redis error"));
  const queues = createQueues(redisConnection(config.redisUrl), { prefix: options.prefix });
  const limiter = createCrmRateLimiter({ redis, perSecond: config.crm.rateLimitPerSecond });

  return {
    config,
    db,
    redis,
    logger,
    queues,
    lock: createEntityLock(redis),
    crmFor: createCrmAccessLoader({ db, encryptionKey: config.encryptionKey, limiter, logger, timeoutMs: config.crm.requestTimeoutMs }),
    async close() {
      await queues.close();
      await db.$disconnect();
      await closeCatalogBlobIo();
      redis.disconnect();
    },
  };
}
