import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { Redis } from "ioredis";
import { expect } from "vitest";
import { createDb, type Db } from "../../../app/db.server";
import type { CatalogBuildDeps } from "../../../app/services/catalog/catalog-build";
import { createCatalogBuildLock, type CatalogBuildLock } from "../../../app/services/catalog/catalog-build-lock";
import type { CatalogConnectDeps } from "../../../app/services/catalog/catalog-connect";
import { resolveCatalogSourceOptions, type CatalogSourceOptions } from "../../../app/services/catalog/catalog-source";
import { createCrmClient } from "../../../app/services/crm/client";
import { connectCrm, type CrmConnection, type CrmConnectionDeps } from "../../../app/services/crm-connection";
import type { ShopifyGraphql } from "../../../app/services/shopify/admin-graphql";
import { createCrmSimulator, type CrmSimulator } from "../../../sim/retailcrm/index";
import { createShopifySimulator, type ShopifySimulator, type SimShop } from "../../../sim/shopify/index";
import type { QueueSet } from "../../../workers/queues";
import { makeTestQueues, silentLogger, testRedisUrl } from "../../helpers/queues";
import { storeOfflineSession } from "../../helpers/shopify-session";
import { TEST_API_SECRET } from "../../helpers/webhooks";

const CRM_SCOPES = ["order_read", "order_write", "customer_read", "customer_write", "reference_read", "reference_write", "store_read"];

/** Source options for tests: Bulk Operations polled every 30 ms, waits measured in seconds. */
export function testSourceOptions(overrides: { bulkThresholdVariants?: number; busyWaitMs?: number } = {}): CatalogSourceOptions {
  return resolveCatalogSourceOptions({
    bulkThresholdVariants: overrides.bulkThresholdVariants,
    bulk: { pollIntervalMs: 30, busyWaitMs: overrides.busyWaitMs ?? 5_000, maxDurationMs: 20_000 },
  });
}

export interface CatalogKit {
  db: Db;
  crm: CrmSimulator;
  crmUrl: string;
  shopify: ShopifySimulator;
  /** Where the app is served: `<appUrl>/icml/<token>` runs the real route loader. */
  appUrl: string;
  redis: Redis;
  encryptionKey: Buffer;
  shopifyGraphql(shop: string): Promise<ShopifyGraphql>;
  newShop(): Promise<CatalogTestShop>;
  close(): Promise<void>;
}

export interface CatalogTestShop {
  domain: string;
  site: string;
  apiKey: string;
  sim: SimShop;
  /** The shop's primary domain: product links point there. */
  storefrontHost: string;
  queues: QueueSet;
  prefix: string;
  lock: CatalogBuildLock;
  buildDeps(overrides?: Partial<CatalogBuildDeps>): Promise<CatalogBuildDeps>;
  connectDeps(overrides?: Partial<CatalogConnectDeps>): CatalogConnectDeps;
  connect(overrides?: Partial<CatalogConnectDeps>): Promise<CrmConnection>;
  /** The CRM site as the CRM holds it (ymlUrl, loadFromYml). */
  crmSite(): { ymlUrl?: string | null; loadFromYml?: boolean };
}

/**
 * Both simulators (Shopify's with a fast-refilling cost bucket so throttling is exercised without long waits),
 * the real Shopify app wiring pointed at the simulator, an HTTP server that runs the real /icml/<token> loader for
 * the CRM simulator to download from, and the test database.
 */
export async function startCatalogKit(): Promise<CatalogKit> {
  const db = createDb(process.env.DATABASE_URL);
  const crm = createCrmSimulator();
  const crmUrl = await crm.listen();
  const shopify = createShopifySimulator({ apiSecret: TEST_API_SECRET, throttle: { maximumAvailable: 2_000, restoreRate: 2_000 }, bulk: { stepMs: 10 } });
  const shopifyUrl = await shopify.listen();
  // The app's Shopify wiring reads the simulator switch once, when it loads: set it first.
  process.env.SHOPIFY_SIM_URL = shopifyUrl;
  const { getShopifyGraphql } = await import("../../../app/services/shopify/admin.server");
  const { getConfig } = await import("../../../app/config.server");
  const { loader } = await import("../../../app/routes/icml.$token");
  const encryptionKey = getConfig().encryptionKey;

  const appServer = await serveIcmlRoute(loader);
  const appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  const cleanups: Array<() => Promise<void>> = [];
  const shopifyGraphql = (shop: string) => getShopifyGraphql(shop, silentLogger);

  async function newShop(): Promise<CatalogTestShop> {
    const label = randomUUID().slice(0, 8);
    const domain = `catalog-${label}.myshopify.com`;
    const site = `catalog-site-${label}`;
    const apiKey = `catalog-key-${randomUUID()}`;
    crm.addSite({ code: site, currency: "USD", countryIso: "US" });
    crm.addApiKey({ key: apiKey, scopes: CRM_SCOPES, sites: [site] });
    const storefrontHost = `${label}.example.com`;
    const sim = shopify.addShop(domain, { name: `Shop ${label} & Co`, primaryDomainHost: storefrontHost });
    await storeOfflineSession(domain, sim.accessToken, { db });
    await db.shop.create({ data: { domain, status: "installed" } });
    const { prefix, queues, cleanup } = makeTestQueues();
    cleanups.push(cleanup);
    const lock = createCatalogBuildLock(redis, { prefix: `${prefix}:catalog-lock` });

    const connectDeps = (overrides: Partial<CatalogConnectDeps> = {}): CatalogConnectDeps => ({
      db,
      logger: silentLogger,
      appUrl,
      shopifyGraphql,
      queues,
      lock,
      source: testSourceOptions(),
      ...overrides,
    });
    const crmConnectionDeps = (catalog: CatalogConnectDeps): CrmConnectionDeps => ({
      db,
      encryptionKey,
      urlPolicy: { allowPrivate: true },
      makeCrmClient: (options) => createCrmClient({ ...options, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 } }),
      catalog,
    });
    return {
      domain,
      site,
      apiKey,
      sim,
      storefrontHost,
      queues,
      prefix,
      lock,
      connectDeps,
      async buildDeps(overrides = {}) {
        return { db, logger: silentLogger, lock, graphql: await shopifyGraphql(domain), source: testSourceOptions(), ...overrides };
      },
      connect: (overrides = {}) => connectCrm(crmConnectionDeps(connectDeps(overrides)), { shop: domain, crmUrl, apiKey }),
      crmSite() {
        const found = crm.snapshot().sites.find((candidate) => candidate.code === site);
        if (!found) throw new Error(`CRM site ${site} is missing`);
        return found;
      },
    };
  }

  return {
    db,
    crm,
    crmUrl,
    shopify,
    appUrl,
    redis,
    encryptionKey,
    shopifyGraphql,
    newShop,
    async close() {
      for (const cleanup of cleanups.reverse()) await cleanup();
      appServer.closeAllConnections();
      await new Promise<void>((resolve) => appServer.close(() => resolve()));
      await shopify.close();
      await crm.close();
      redis.disconnect();
      await db.$disconnect();
    },
  };
}

type IcmlLoader = (args: { request: Request; params: Record<string, string | undefined>; context: Record<string, unknown> }) => Promise<Response>;

/** A bare HTTP server in front of the route loader, as remix-serve would run it for /icml/<token>. */
async function serveIcmlRoute(loader: IcmlLoader): Promise<Server> {
  const server = createServer((req, res) => {
    void answer(loader, req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function answer(loader: IcmlLoader, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  const match = /^\/icml\/([^/]+)$/.exec(url.pathname);
  if (!match) {
    res.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const response = await loader({ request: new Request(url, { method: req.method, headers }), params: { token: match[1] }, context: {} });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body || req.method === "HEAD") {
    res.end();
    return;
  }
  Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>).pipe(res);
}

export { eventually } from "../../helpers/eventually";

/** Every GraphQL document the app sent was valid against the 2026-10 schema and used no deprecated field. */
export function expectNoShopifyViolations(shopify: ShopifySimulator): void {
  expect(shopify.violations.map((violation) => `${violation.kind}: ${violation.message} ${violation.details.join("; ")}`)).toEqual([]);
}
