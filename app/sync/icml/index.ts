export { BULK_CATALOG_GROUP_OBJECTS, BULK_CATALOG_PRODUCTS_QUERY } from "./bulk-query";
export { BulkCatalogFormatError, readBulkCatalogJsonl } from "./bulk-jsonl-reader";
export { DEFAULT_FALLBACK_CATEGORY_NAME, writeIcml, writeIcmlGzip } from "./icml-writer";
export type { ShopifyCatalogProductSource } from "./icml-writer";
export { FALLBACK_CATEGORY_ID, MAX_PICTURES_PER_OFFER } from "./offer";
export type * from "./types";
export { readJsonlLines } from "./jsonl-lines";
