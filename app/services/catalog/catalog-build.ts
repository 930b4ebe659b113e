import type { Db } from "../../db.server";
import { BulkCatalogFormatError, writeIcmlGzip } from "../../sync/icml";
import { isSyncError, SyncError } from "../errors";
import { recordLedger } from "../ledger";
import type { Logger } from "../logger";
import type { ShopifyGraphql } from "../shopify/admin-graphql";
import { readCatalogShopFacts } from "../shopify/operations/catalog/catalog-shop-facts";
import type { CatalogBuildLock } from "./catalog-build-lock";
import { publishCatalogFile } from "./catalog-file-store";
import { chooseCatalogReadMode, DEFAULT_CATALOG_SOURCE_OPTIONS, readCatalogProducts, type CatalogReadMode, type CatalogSourceOptions } from "./catalog-source";
import { GzipCollector } from "./gzip-collector";

export type CatalogBuildTrigger = "connect" | "schedule" | "webhook" | "manual";

export interface CatalogBuildDeps {
  db: Db;
  logger: Logger;
  lock: CatalogBuildLock;
  /** The Admin GraphQL API of the shop being built. */
  graphql: ShopifyGraphql;
  /** Downloads Bulk Operation results. Default: globalThis.fetch. */
  fetch?: typeof fetch;
  source?: CatalogSourceOptions;
  /** Where the writer keeps its temporary offers file. Default: the OS temp directory. */
  spoolDir?: string;
  now?: () => Date;
  signal?: AbortSignal;
}

export interface CatalogBuildRequest {
  shop: string;
  trigger: CatalogBuildTrigger;
  /** The CatalogBuild row queued for this build; a new row is made when absent (scheduled and debounced builds). */
  buildId?: string;
}

export interface CatalogBuildResult {
  buildId: string;
  shop: string;
  trigger: CatalogBuildTrigger;
  mode: CatalogReadMode;
  products: number;
  offers: number;
  categories: number;
  /** Size of the gzipped file. */
  bytes: number;
  etag: string;
  generatedAt: Date;
  /** False when a build that read Shopify later had already published its file (overlapping builds). */
  published: boolean;
  durationMs: number;
}

/** Another build of the same shop holds the lock. */
export class CatalogBuildBusyError extends SyncError<{ shop: string }> {
  constructor(shop: string) {
    super("conflict", `A catalog build for ${shop} is already running. Its result will be served as soon as it finishes.`, { shop });
  }
}

/**
 * Builds the shop's ICML file and publishes it: reads the products (paged or Bulk Operation), streams them through
 * the ICML writer into gzip, and replaces the served file in one write. Any failure leaves the previous file served
 * and records a plain-words error on the CatalogBuild row and in the ledger; the error is then thrown on.
 */
export async function buildCatalog(deps: CatalogBuildDeps, request: CatalogBuildRequest): Promise<CatalogBuildResult> {
  const shop = await deps.db.shop.findUnique({ where: { domain: request.shop }, select: { status: true } });
  if (!shop) throw new SyncError("not_found", `No shop ${request.shop} is known to this app.`, { shop: request.shop });
  if (shop.status === "uninstalled") {
    throw new SyncError("auth", `The app is not installed on ${request.shop} any more, so its catalog is not built.`, { shop: request.shop, uninstalled: true });
  }
  const lease = await deps.lock.tryLock(request.shop);
  if (!lease) throw new CatalogBuildBusyError(request.shop);
  try {
    return await runLockedBuild(deps, request);
  } finally {
    await lease.release();
  }
}

async function runLockedBuild(deps: CatalogBuildDeps, request: CatalogBuildRequest): Promise<CatalogBuildResult> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const options = deps.source ?? DEFAULT_CATALOG_SOURCE_OPTIONS;
  const startedAt = now();
  const started = performance.now();
  const running = { shop: request.shop, trigger: request.trigger, status: "running", startedAt };
  const build = request.buildId
    ? await db.catalogBuild.upsert({
        where: { id: request.buildId },
        create: { id: request.buildId, ...running },
        update: { status: "running", startedAt, finishedAt: null, error: null },
      })
    : await db.catalogBuild.create({ data: running });
  const ledgerKey = { shop: request.shop, entity: "catalog", direction: "to_crm", sourceId: "icml" } as const;
  try {
    const facts = await readCatalogShopFacts(deps.graphql, { signal: deps.signal });
    const mode = chooseCatalogReadMode(facts.variants, options);
    const readStartedAt = now();
    const products = readCatalogProducts(
      { shop: request.shop, graphql: deps.graphql, fetch: deps.fetch ?? globalThis.fetch, logger: deps.logger, signal: deps.signal },
      mode,
      options,
    );
    const collector = new GzipCollector();
    const stats = await writeIcmlGzip(products, collector, {
      shopName: facts.shopName,
      shopDomain: facts.storefrontHost ?? request.shop,
      spoolDir: deps.spoolDir,
      now,
    });
    const { gzip, etag } = collector.result();
    const published = await publishCatalogFile(db, { shop: request.shop, gzip, etag, generatedAt: readStartedAt, offers: stats.offers, buildId: build.id });
    await db.shop.updateMany({ where: { domain: request.shop, catalogDirtyAt: { lte: readStartedAt } }, data: { catalogDirtyAt: null } });
    await db.catalogBuild.update({
      where: { id: build.id },
      data: { status: "succeeded", products: stats.products, offers: stats.offers, categories: stats.categories, bytes: gzip.byteLength, finishedAt: now() },
    });
    await recordLedger(db, ledgerKey, { state: "synced", lastPushedAt: readStartedAt, attempt: true });
    const result: CatalogBuildResult = {
      buildId: build.id,
      shop: request.shop,
      trigger: request.trigger,
      mode,
      ...stats,
      bytes: gzip.byteLength,
      etag,
      generatedAt: readStartedAt,
      published,
      durationMs: Math.round(performance.now() - started),
    };
    deps.logger.info({ ...result, generatedAt: readStartedAt.toISOString() }, "catalog built");
    return result;
  } catch (error) {
    const message = describeCatalogBuildError(error);
    await db.catalogBuild.update({ where: { id: build.id }, data: { status: "failed", error: message, finishedAt: now() } });
    await recordLedger(db, ledgerKey, { state: "failed", lastError: `Catalog build: ${message}`, attempt: true });
    throw error;
  }
}

/** What a merchant reads about a failed build. */
export function describeCatalogBuildError(error: unknown): string {
  if (isSyncError(error)) return error.toPlainWords();
  if (error instanceof BulkCatalogFormatError) {
    return `Shopify's catalog export could not be read (${error.message}). The current catalog file stays published; the build will run again.`;
  }
  if ((error as Error)?.name === "AbortError") return "The build was interrupted because the worker stopped; it will run again.";
  return `The build failed unexpectedly (${(error as Error)?.message ?? String(error)}). The current catalog file stays published.`;
}
