import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { Redis } from "ioredis";
import { getConfig, type AppConfig } from "../app/config.server";
import { createDb, type Db } from "../app/db.server";
import { closeCatalogBlobIo } from "../app/services/catalog/catalog-blob-io";
import { createCrmClient, type CrmClient } from "../app/services/crm/client";
import { createCrmRateLimiter } from "../app/services/crm/rate-limiter";
import type { CrmConnectionDeps } from "../app/services/crm-connection";
import { createLogger, type Logger } from "../app/services/logger";

/** Everything a CLI command may need, opened on first use and closed once at the end. */
export class CliContext {
  readonly config: AppConfig = getConfig();
  readonly logger: Logger = createLogger(this.config.logLevel === "info" ? "error" : this.config.logLevel, { component: "cli" });
  #db?: Db;
  #redis?: Redis;

  get db(): Db {
    this.#db ??= createDb(this.config.databaseUrl);
    return this.#db;
  }

  get redis(): Redis {
    this.#redis ??= new Redis(this.config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
    return this.#redis;
  }

  get sessionStorage() {
    return new PrismaSessionStorage(this.db);
  }

  makeCrmClient = (options: { baseUrl: string; apiKey: string; site?: string }): CrmClient =>
    createCrmClient({
      ...options,
      logger: this.logger,
      timeoutMs: this.config.crm.requestTimeoutMs,
      limiter: createCrmRateLimiter({ redis: this.redis, perSecond: this.config.crm.rateLimitPerSecond }),
      retry: { attempts: 3 },
    });

  get crmConnectionDeps(): CrmConnectionDeps {
    return {
      db: this.db,
      encryptionKey: this.config.encryptionKey,
      urlPolicy: { allowPrivate: this.config.crm.allowPrivateUrls },
      makeCrmClient: this.makeCrmClient,
    };
  }

  async close(): Promise<void> {
    await this.#db?.$disconnect();
    await closeCatalogBlobIo();
    this.#redis?.disconnect();
  }
}
