import { setTimeout as sleep } from "node:timers/promises";
import {
  BULK_CATALOG_GROUP_OBJECTS,
  BULK_CATALOG_PRODUCTS_QUERY,
  readBulkCatalogJsonl,
  readJsonlLines,
  type ShopifyCatalogProduct,
} from "../../sync/icml";
import { SyncError } from "../errors";
import type { Logger } from "../logger";
import type { ShopifyGraphql } from "../shopify/admin-graphql";
import {
  CATALOG_BULK_OPERATION_QUERY,
  CATALOG_BULK_RUN_MUTATION,
  CATALOG_RUNNING_BULK_OPERATIONS_QUERY,
  type CatalogBulkOperationData,
  type CatalogBulkRunData,
  type CatalogRunningBulkOperationsData,
  type ShopifyBulkOperation,
} from "../shopify/operations/catalog/catalog-bulk-operation";

export interface BulkCatalogOptions {
  /** Time between two looks at a running operation. */
  pollIntervalMs: number;
  /** How long to wait for someone else's bulk query on the shop to finish before leaving the build for later. */
  busyWaitMs: number;
  /** How long the export itself may take before the build gives up on it. */
  maxDurationMs: number;
}

export interface BulkCatalogDeps {
  shop: string;
  graphql: ShopifyGraphql;
  /** Downloads the result file (a signed URL on Shopify's storage). */
  fetch: typeof fetch;
  logger: Logger;
  signal?: AbortSignal;
}

const FINISHED_STATUSES = new Set(["COMPLETED", "FAILED", "CANCELED", "EXPIRED"]);
const BULK_OPERATION_GID = /gid:\/\/shopify\/BulkOperation\/\d+/;

/**
 * Exports the catalog with a Bulk Operation and streams its JSONL result into products. Anything short of a
 * completed operation (failed, canceled, expired, partial data only) throws, so no catalog is built from it.
 */
export async function* readBulkCatalogProducts(deps: BulkCatalogDeps, options: BulkCatalogOptions): AsyncIterable<ShopifyCatalogProduct> {
  const started = await startCatalogBulkOperation(deps, options);
  const finished = await waitForBulkOperation(deps, started, options);
  assertCompleted(deps.shop, finished);
  if (!finished.url) return; // a shop without products: Shopify writes no file
  const response = await deps.fetch(finished.url, { signal: deps.signal });
  if (!response.ok || !response.body) {
    throw new SyncError("upstream", `Downloading the catalog export from Shopify failed (HTTP ${response.status}); the build will run again.`, {
      shop: deps.shop,
      status: response.status,
    });
  }
  // The body's own async iterator reads with backpressure and buffers less than a Node stream wrapped around it.
  yield* readBulkCatalogJsonl(readJsonlLines(response.body as unknown as AsyncIterable<Uint8Array>));
}

/**
 * Starts the export. When Shopify answers OPERATION_IN_PROGRESS, an export of the same query that is still running
 * (a build interrupted by a restart) is taken over; any other operation is waited for, up to `busyWaitMs`.
 */
export async function startCatalogBulkOperation(deps: BulkCatalogDeps, options: BulkCatalogOptions): Promise<ShopifyBulkOperation> {
  const giveUpAt = Date.now() + options.busyWaitMs;
  for (;;) {
    const data = await deps.graphql<CatalogBulkRunData>(
      CATALOG_BULK_RUN_MUTATION,
      { query: BULK_CATALOG_PRODUCTS_QUERY, groupObjects: BULK_CATALOG_GROUP_OBJECTS },
      { signal: deps.signal },
    );
    const result = data.bulkOperationRunQuery;
    if (result?.bulkOperation) return result.bulkOperation;
    const userErrors = result?.userErrors ?? [];
    const busy = userErrors.find((error) => error.code === "OPERATION_IN_PROGRESS" || error.code === "LIMIT_REACHED");
    if (!busy) {
      const reasons = userErrors.map((error) => error.message).join("; ") || "no reason given";
      throw new SyncError("upstream", `Shopify refused to start the catalog export: ${reasons}.`, { shop: deps.shop });
    }
    const running = await findRunningBulkOperation(deps, busy.message);
    if (running && isSameQuery(running.query, BULK_CATALOG_PRODUCTS_QUERY)) {
      deps.logger.info({ shop: deps.shop, bulkOperationId: running.id }, "taking over the catalog export already running in Shopify");
      return running;
    }
    if (Date.now() >= giveUpAt) {
      throw new SyncError(
        "rate_limited",
        `Another bulk export${running ? ` (${running.id})` : ""} is still running in Shopify for this shop, and Shopify runs them one at a time. ` +
          "The catalog build will try again later; the current catalog file stays published.",
        { shop: deps.shop, bulkOperationId: running?.id },
      );
    }
    await sleep(options.pollIntervalMs, undefined, { signal: deps.signal });
  }
}

async function findRunningBulkOperation(deps: BulkCatalogDeps, message: string): Promise<ShopifyBulkOperation | null> {
  const named = BULK_OPERATION_GID.exec(message)?.[0];
  if (named) {
    const data = await deps.graphql<CatalogBulkOperationData>(CATALOG_BULK_OPERATION_QUERY, { id: named }, { signal: deps.signal });
    if (data.bulkOperation && !FINISHED_STATUSES.has(data.bulkOperation.status)) return data.bulkOperation;
  }
  const data = await deps.graphql<CatalogRunningBulkOperationsData>(CATALOG_RUNNING_BULK_OPERATIONS_QUERY, undefined, { signal: deps.signal });
  return data.bulkOperations.nodes[0] ?? null;
}

async function waitForBulkOperation(deps: BulkCatalogDeps, started: ShopifyBulkOperation, options: BulkCatalogOptions): Promise<ShopifyBulkOperation> {
  const giveUpAt = Date.now() + options.maxDurationMs;
  let operation = started;
  while (!FINISHED_STATUSES.has(operation.status)) {
    if (Date.now() >= giveUpAt) {
      throw new SyncError(
        "upstream",
        `Shopify's catalog export ${operation.id} has not finished after ${Math.round(options.maxDurationMs / 60_000)} minutes; the build will try again later.`,
        { shop: deps.shop, bulkOperationId: operation.id },
      );
    }
    await sleep(options.pollIntervalMs, undefined, { signal: deps.signal });
    const data = await deps.graphql<CatalogBulkOperationData>(CATALOG_BULK_OPERATION_QUERY, { id: operation.id }, { signal: deps.signal });
    if (!data.bulkOperation) {
      throw new SyncError("upstream", `Shopify no longer knows the catalog export ${operation.id}; the build will run again.`, { shop: deps.shop });
    }
    operation = data.bulkOperation;
  }
  return operation;
}

function assertCompleted(shop: string, operation: ShopifyBulkOperation): void {
  if (operation.status === "COMPLETED") return;
  const data = { shop, bulkOperationId: operation.id, status: operation.status, errorCode: operation.errorCode };
  if (operation.errorCode === "ACCESS_DENIED") {
    throw new SyncError(
      "auth",
      "Shopify denied the catalog export access to some product data (ACCESS_DENIED). Open the app in the Shopify admin and accept its permissions; " +
        "the current catalog file stays published.",
      data,
    );
  }
  const partial = operation.partialDataUrl ? `; Shopify exported only part of the ${operation.objectCount} objects, and a partial catalog is never published` : "";
  throw new SyncError(
    "upstream",
    `Shopify's catalog export ended ${operation.status.toLowerCase()}${operation.errorCode ? ` (${operation.errorCode})` : ""}${partial}. ` +
      "The current catalog file stays published and the build will run again.",
    data,
  );
}

function isSameQuery(a: string, b: string): boolean {
  const normalize = (query: string) => query.replace(/#[^\n]*/g, " ").replace(/\s+/g, " ").trim();
  return normalize(a) === normalize(b);
}
