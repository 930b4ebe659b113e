import type { JobsOptions } from "bullmq";
import type { Db } from "../../db.server";
import { jobIds, type QueueSet } from "../../../workers/queues";

/** Builds retry a few times, minutes apart: Shopify exports and downloads recover on that scale. */
export const CATALOG_BUILD_JOB_OPTIONS: JobsOptions = {
  attempts: 4,
  backoff: { type: "exponential", delay: 60_000, jitter: 0.3 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 500 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/** How long after the first product change of a burst the catalog is rebuilt. */
export const DEFAULT_CATALOG_REBUILD_DELAY_MS = 2 * 60_000;

/** Queues a build now (connect, the admin's "Rebuild now", the CLI) with a CatalogBuild row the caller can follow. */
export async function enqueueCatalogBuild(
  deps: { db: Db; queues: QueueSet },
  shop: string,
  trigger: "connect" | "manual",
): Promise<{ buildId: string }> {
  const build = await deps.db.catalogBuild.create({ data: { shop, trigger, status: "queued" } });
  await deps.queues.add("catalog-build", { shop, trigger, buildId: build.id }, { ...CATALOG_BUILD_JOB_OPTIONS, jobId: jobIds.catalogBuild(shop, build.id) });
  return { buildId: build.id };
}

/**
 * Asks for a rebuild `delayMs` after the first change of a burst: later changes join the waiting build, and a change
 * that arrives while a build runs gets exactly one more build after it (BullMQ deduplication, keepLastIfActive).
 */
export async function requestCatalogRebuild(queues: QueueSet, shop: string, options: { delayMs?: number } = {}): Promise<void> {
  await queues.add(
    "catalog-build",
    { shop, trigger: "webhook" },
    {
      ...CATALOG_BUILD_JOB_OPTIONS,
      delay: options.delayMs ?? DEFAULT_CATALOG_REBUILD_DELAY_MS,
      deduplication: { id: catalogRebuildDeduplicationId(shop), keepLastIfActive: true },
    },
  );
}

export function catalogRebuildDeduplicationId(shop: string): string {
  return `catalog-rebuild_${shop}`;
}
