import { Redis } from "ioredis";
import type { AppConfig } from "../app/config.server";
import { createDb, type Db } from "../app/db.server";
import { createCrmClient, type CrmClient } from "../app/services/crm/client";
import { createCrmRateLimiter, type CrmRateLimiter } from "../app/services/crm/rate-limiter";
import { revealCrmApiKey } from "../app/services/crm-connection";
import { SyncError } from "../app/services/errors";
import type { Logger } from "../app/services/logger";
import { loadShopSettings } from "../app/services/settings";
import type { OrderMappingSettings } from "../app/sync/mapping/order-settings";
import { createEntityLock, type EntityLock } from "./entity-lock";
import { createQueues, redisConnection, type QueueSet } from "./queues";

/** A connected shop's CRM side, ready for a job. */
export interface ShopCrm {
  client: CrmClient;
  apiKey: string;
  site: string;
  settings: OrderMappingSettings;
}

/** Everything processors and handlers reach the outside world through; built once per worker process. */
export interface WorkerDeps {
  config: AppConfig;
  db: Db;
  redis: Redis;
  logger: Logger;
  queues: QueueSet;
  limiter: CrmRateLimiter;
  lock: EntityLock;
  crmFor(shop: string): Promise<ShopCrm>;
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
    limiter,
    lock: createEntityLock(redis),
    async crmFor(shop) {
      const row = await db.shop.findUnique({ where: { domain: shop } });
      if (!row || row.status !== "connected" || !row.crmUrl || !row.crmSite) {
        throw new SyncError("auth", `${shop} is not connected to RetailCRM. Connect it in the app's settings; changes made meanwhile are synced when you retry.`, {
          shop,
        });
      }
      const apiKey = revealCrmApiKey(row, config.encryptionKey);
      return {
        apiKey,
        site: row.crmSite,
        settings: await loadShopSettings(db, shop),
        client: createCrmClient({
          baseUrl: row.crmUrl,
          apiKey,
          site: row.crmSite,
          limiter,
          logger,
          timeoutMs: config.crm.requestTimeoutMs,
        }),
      };
    },
    async close() {
      await queues.close();
      await db.$disconnect();
      redis.disconnect();
    },
  };
}
