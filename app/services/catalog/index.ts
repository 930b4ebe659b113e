export { buildCatalog, CatalogBuildBusyError, describeCatalogBuildError } from "./catalog-build";
export type { CatalogBuildDeps, CatalogBuildRequest, CatalogBuildResult, CatalogBuildTrigger } from "./catalog-build";
export { createCatalogBuildLock } from "./catalog-build-lock";
export type { CatalogBuildLease, CatalogBuildLock } from "./catalog-build-lock";
export { IMMEDIATE_BUILD_MAX_VARIANTS, publishCatalogAtConnect } from "./catalog-connect";
export type { CatalogAtConnect, CatalogConnectBuild, CatalogConnectDeps } from "./catalog-connect";
export { findCatalogFileByToken, publishCatalogFile, readCatalogFileBytes } from "./catalog-file-store";
export type { CatalogFileHead, CatalogFileInput, CatalogTokenLookup } from "./catalog-file-store";
export {
  CATALOG_BUILD_JOB_OPTIONS,
  catalogRebuildDeduplicationId,
  DEFAULT_CATALOG_REBUILD_DELAY_MS,
  enqueueCatalogBuild,
  requestCatalogRebuild,
} from "./catalog-jobs";
export { acceptsGzip, serveCatalogFile } from "./catalog-serving";
export type { CatalogServingDeps } from "./catalog-serving";
export { chooseCatalogReadMode, DEFAULT_CATALOG_SOURCE_OPTIONS, readCatalogProducts, resolveCatalogSourceOptions } from "./catalog-source";
export type { CatalogReadMode, CatalogSourceOptions } from "./catalog-source";
export { getCatalogStatus } from "./catalog-status";
export type { CatalogBuildSummary, CatalogStatus } from "./catalog-status";
export { buildIcmlUrl, isWellFormedIcmlToken, newIcmlToken, rotateIcmlToken, writeCatalogUrlToCrm } from "./catalog-token";
export type { IcmlTokenRotation, IcmlTokenRotationDeps } from "./catalog-token";
export type { BulkCatalogOptions } from "./bulk-catalog-source";
