import type { ShopifyCatalogProduct } from "../../sync/icml";
import { readBulkCatalogProducts, type BulkCatalogDeps, type BulkCatalogOptions } from "./bulk-catalog-source";
import { readPagedCatalogProducts } from "./paged-catalog-source";

/** How products are read: page by page for small shops, one Bulk Operation for large ones. */
export type CatalogReadMode = "paged" | "bulk";

export interface CatalogSourceOptions {
  /** Shops with more variants than this are read with a Bulk Operation. */
  bulkThresholdVariants: number;
  bulk: BulkCatalogOptions;
}

export const DEFAULT_CATALOG_SOURCE_OPTIONS: CatalogSourceOptions = Object.freeze({
  bulkThresholdVariants: 2_000,
  bulk: Object.freeze({ pollIntervalMs: 2_000, busyWaitMs: 10 * 60_000, maxDurationMs: 4 * 3_600_000 }),
});

export function resolveCatalogSourceOptions(overrides: { bulkThresholdVariants?: number; bulk?: Partial<BulkCatalogOptions> } = {}): CatalogSourceOptions {
  return {
    bulkThresholdVariants: overrides.bulkThresholdVariants ?? DEFAULT_CATALOG_SOURCE_OPTIONS.bulkThresholdVariants,
    bulk: { ...DEFAULT_CATALOG_SOURCE_OPTIONS.bulk, ...overrides.bulk },
  };
}

export function chooseCatalogReadMode(variants: number, options: Pick<CatalogSourceOptions, "bulkThresholdVariants">): CatalogReadMode {
  return variants > options.bulkThresholdVariants ? "bulk" : "paged";
}

/** Every product of the shop, one at a time, read the way `mode` says. */
export function readCatalogProducts(deps: BulkCatalogDeps, mode: CatalogReadMode, options: CatalogSourceOptions): AsyncIterable<ShopifyCatalogProduct> {
  return mode === "bulk" ? readBulkCatalogProducts(deps, options.bulk) : readPagedCatalogProducts(deps.graphql, { signal: deps.signal });
}
