import { QUEUES, type QueueSet } from "../../../workers/queues";
import { upsertCatalogSchedule } from "../../../workers/schedules";
import type { Db } from "../../db.server";
import type { CrmClient } from "../crm/client";
import { isSyncError } from "../errors";
import type { Logger } from "../logger";
import type { ShopifyGraphql } from "../shopify/admin-graphql";
import { readCatalogShopFacts } from "../shopify/operations/catalog/catalog-shop-facts";
import { buildCatalog, CatalogBuildBusyError, describeCatalogBuildError, type CatalogBuildResult } from "./catalog-build";
import type { CatalogBuildLock } from "./catalog-build-lock";
import { enqueueCatalogBuild } from "./catalog-jobs";
import type { CatalogSourceOptions } from "./catalog-source";
import { buildIcmlUrl, writeCatalogUrlToCrm } from "./catalog-token";

/** Shops with at most this many variants get their catalog built while they connect. */
export const IMMEDIATE_BUILD_MAX_VARIANTS = 500;

export interface CatalogConnectDeps {
  db: Db;
  logger: Logger;
  /** The app's public address (SHOPIFY_APP_URL); the catalog URL is `<appUrl>/icml/<token>`. */
  appUrl: string;
  /** The shop's Admin GraphQL API (getShopifyGraphql in the app). */
  shopifyGraphql(shop: string): Promise<ShopifyGraphql>;
  /** For the shop's 4-hourly scheduler and background builds. */
  queues: QueueSet;
  lock: CatalogBuildLock;
  fetch?: typeof fetch;
  source?: CatalogSourceOptions;
  spoolDir?: string;
  immediateBuildMaxVariants?: number;
  scheduleEveryMs?: number;
}

export type CatalogConnectBuild =
  /** Built during the connect. */
  | { state: "built"; result: CatalogBuildResult }
  /** Too large to build while the merchant waits: a worker builds it in the background, then every 4 hours. */
  | { state: "queued"; reason: "over_limit" | "build_running" | "retry"; buildId?: string; error?: string };

export interface CatalogAtConnect {
  url: string;
  /** The CRM site's "URL of ICML file" now points at `url` (RetailCRM reference §4.2). */
  crmSiteUpdated: boolean;
  crmError?: string;
  /** productVariantsCount; null when Shopify could not be asked. */
  variants: number | null;
  build: CatalogConnectBuild;
  scheduled: boolean;
  scheduleError?: string;
}

/**
 * The catalog half of connecting a shop: point the CRM site at the shop's catalog URL, register the 4-hourly
 * build, and build the file right away when the shop is small (≤ 500 variants) or queue the first build in the
 * background otherwise. The build runs in this process, not through the queue, so a connect never waits on a
 * worker that may not be running; the build lock keeps it from overlapping a worker's build. Nothing here undoes
 * the connection: each problem is reported in the result in plain words.
 */
export async function publishCatalogAtConnect(
  deps: CatalogConnectDeps,
  input: { shop: string; token: string; crmClient: CrmClient; site: string },
): Promise<CatalogAtConnect> {
  const url = buildIcmlUrl(deps.appUrl, input.token);
  const crm = await attempt(() => writeCatalogUrlToCrm(input.crmClient, input.site, url));
  const schedule = await attempt(() => upsertCatalogSchedule(deps.queues.get(QUEUES.catalog), input.shop, { everyMs: deps.scheduleEveryMs }));
  const base = { url, crmSiteUpdated: crm.ok, crmError: crm.error, scheduled: schedule.ok, scheduleError: schedule.error };

  let graphql: ShopifyGraphql;
  let variants: number;
  try {
    graphql = await deps.shopifyGraphql(input.shop);
    variants = (await readCatalogShopFacts(graphql)).variants;
  } catch (error) {
    return { ...base, variants: null, build: await queueFirstBuild(deps, input.shop, "retry", describeCatalogBuildError(error)) };
  }
  if (variants > (deps.immediateBuildMaxVariants ?? IMMEDIATE_BUILD_MAX_VARIANTS)) {
    return { ...base, variants, build: await queueFirstBuild(deps, input.shop, "over_limit") };
  }
  try {
    const result = await buildCatalog(
      { db: deps.db, logger: deps.logger, lock: deps.lock, graphql, fetch: deps.fetch, source: deps.source, spoolDir: deps.spoolDir },
      { shop: input.shop, trigger: "connect" },
    );
    return { ...base, variants, build: { state: "built", result } };
  } catch (error) {
    if (error instanceof CatalogBuildBusyError) return { ...base, variants, build: { state: "queued", reason: "build_running" } };
    return { ...base, variants, build: await queueFirstBuild(deps, input.shop, "retry", describeCatalogBuildError(error)) };
  }
}

async function queueFirstBuild(
  deps: CatalogConnectDeps,
  shop: string,
  reason: "over_limit" | "retry",
  error?: string,
): Promise<CatalogConnectBuild> {
  const queued = await attempt(() => enqueueCatalogBuild(deps, shop, "connect"));
  return { state: "queued", reason, buildId: queued.value?.buildId, error: [error, queued.error].filter(Boolean).join(" ") || undefined };
}

async function attempt<T>(work: () => Promise<T>): Promise<{ ok: boolean; value?: T; error?: string }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: isSyncError(error) ? error.toPlainWords() : (error as Error).message };
  }
}
