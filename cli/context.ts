import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { Redis } from "ioredis";
import { getConfig, type AppConfig } from "../app/config.server";
import { getDb, type Db } from "../app/db.server";
import { closeCatalogBlobIo } from "../app/services/catalog/catalog-blob-io";
import { createCrmClient, type CrmClient } from "../app/services/crm/client";
import { createCrmRateLimiter, type CrmRateLimiter } from "../app/services/crm/rate-limiter";
import type { CrmConnectionDeps } from "../app/services/crm-connection";
import { createLogger, type Logger } from "../app/services/logger";
import type { ShopifyGraphql } from "../app/services/shopify/admin-graphql";
import type { OutputOptions } from "./output";

/** What cli/index.ts hands each command: wraps its action with a context, error printing and clean-up. */
export type CommandRunner = (action: (ctx: CliContext, options: OutputOptions) => Promise<void>) => () => Promise<void>;

/** Everything a CLI command may need, opened on first use and closed once at the end. */
export class CliContext {
  readonly config: AppConfig = getConfig();
  readonly logger: Logger = createLogger(this.config.logLevel === "info" ? "error" : this.config.logLevel, { component: "cli" });
  #redis?: Redis;
  #crmLimiter?: CrmRateLimiter;

  /** The process's one database client, the same the Shopify app module's session storage uses. */
  get db(): Db {
    return getDb();
  }

  get redis(): Redis {
    this.#redis ??= new Redis(this.config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
    return this.#redis;
  }

  get sessionStorage() {
    return new PrismaSessionStorage(this.db);
  }

  /** One limiter per process, so every request of a command waits in the same queue per key. */
  get crmLimiter(): CrmRateLimiter {
    this.#crmLimiter ??= createCrmRateLimiter({ redis: this.redis, perSecond: this.config.crm.rateLimitPerSecond });
    return this.#crmLimiter;
  }

  makeCrmClient = (options: { baseUrl: string; apiKey: string; site?: string }): CrmClient =>
    createCrmClient({ ...options, logger: this.logger, timeoutMs: this.config.crm.requestTimeoutMs, limiter: this.crmLimiter, retry: { attempts: 3 } });

  /** The shop's Admin API through its offline session (loads the Shopify app module only when a command needs it). */
  async shopifyGraphql(shop: string): Promise<ShopifyGraphql> {
    const { getShopifyGraphql } = await import("../app/services/shopify/admin.server");
    return getShopifyGraphql(shop, this.logger);
  }

  get crmConnectionDeps(): CrmConnectionDeps {
    return {
      db: this.db,
      encryptionKey: this.config.encryptionKey,
      urlPolicy: { allowPrivate: this.config.crm.allowPrivateUrls },
      makeCrmClient: this.makeCrmClient,
    };
  }

  async close(): Promise<void> {
    await globalThis.prismaGlobal?.$disconnect();
    await closeCatalogBlobIo();
    this.#redis?.disconnect();
  }
}
