import { DelayedError, UnrecoverableError } from "bullmq";
import type { Db } from "../../app/db.server";
import { buildCatalog, CatalogBuildBusyError, describeCatalogBuildError } from "../../app/services/catalog/catalog-build";
import type { CatalogBuildLock } from "../../app/services/catalog/catalog-build-lock";
import type { CatalogSourceOptions } from "../../app/services/catalog/catalog-source";
import { isSyncError } from "../../app/services/errors";
import type { Logger } from "../../app/services/logger";
import type { ShopifyGraphql } from "../../app/services/shopify/admin-graphql";
import type { Processor } from "../runtime";

export interface CatalogBuildProcessorDeps {
  db: Db;
  /** createCatalogBuildLock(redis): one build per shop across all processes. */
  lock: CatalogBuildLock;
  /** The shop's Admin GraphQL API: getShopifyGraphql from app/services/shopify/admin.server.ts. */
  shopifyGraphql(shop: string, logger: Logger): Promise<ShopifyGraphql>;
  fetch?: typeof fetch;
  /** Bulk threshold and polling; DEFAULT_CATALOG_SOURCE_OPTIONS when absent. */
  source?: CatalogSourceOptions;
  spoolDir?: string;
  /** How long a job waits before trying again while another build of the same shop runs. Default 30 s. */
  busyRetryMs?: number;
}

/**
 * Runs one catalog build (connect, schedule, webhook or manual). Another build of the same shop in progress puts
 * the job back for later; an uninstalled shop is skipped; Shopify being down or busy is retried with backoff; an
 * access problem ends the job (its CatalogBuild row and the ledger say why).
 */
export function createCatalogBuildProcessor(deps: CatalogBuildProcessorDeps): Processor<"catalog-build"> {
  return async (job, ctx) => {
    const { shop, trigger, buildId } = job.data;
    const row = await deps.db.shop.findUnique({ where: { domain: shop }, select: { status: true } });
    if (!row || row.status === "uninstalled") {
      await markQueuedBuildFailed(deps.db, buildId, `The app is not installed on ${shop} any more, so its catalog is not built.`);
      return "skipped";
    }
    try {
      const graphql = await deps.shopifyGraphql(shop, ctx.logger);
      const result = await buildCatalog(
        { db: deps.db, logger: ctx.logger, lock: deps.lock, graphql, fetch: deps.fetch, source: deps.source, spoolDir: deps.spoolDir, signal: ctx.signal },
        { shop, trigger, buildId },
      );
      return result.published ? "built" : "superseded";
    } catch (error) {
      if (error instanceof CatalogBuildBusyError && ctx.token) {
        await job.moveToDelayed(Date.now() + (deps.busyRetryMs ?? 30_000), ctx.token);
        throw new DelayedError();
      }
      if (isSyncError(error) && error.data.uninstalled) {
        await markQueuedBuildFailed(deps.db, buildId, error.toPlainWords());
        return "skipped";
      }
      if (isSyncError(error) && (error.kind === "auth" || error.kind === "validation" || error.kind === "not_found")) {
        await markQueuedBuildFailed(deps.db, buildId, error.toPlainWords());
        throw new UnrecoverableError(describeCatalogBuildError(error));
      }
      throw error;
    }
  };
}

/** A queued build that never started (its row would otherwise stay "queued" forever). */
async function markQueuedBuildFailed(db: Db, buildId: string | undefined, error: string): Promise<void> {
  if (!buildId) return;
  await db.catalogBuild.updateMany({ where: { id: buildId, status: "queued" }, data: { status: "failed", error, finishedAt: new Date() } });
}
