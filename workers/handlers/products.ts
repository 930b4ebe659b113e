import type { Db } from "../../app/db.server";
import { requestCatalogRebuild } from "../../app/services/catalog/catalog-jobs";
import type { QueueSet } from "../queues";
import type { TopicHandler } from "./types";

export interface ProductsHandlerDeps {
  db: Db;
  queues: QueueSet;
  /** Rebuild this long after the first change of a burst. Default 2 minutes (DEFAULT_CATALOG_REBUILD_DELAY_MS). */
  rebuildDelayMs?: number;
}

/**
 * products/create, products/update, products/delete: the payload is only a signal. The catalog is marked dirty and
 * a debounced rebuild is queued, which reads the current products from Shopify, so deleted products and variants
 * simply do not appear in the next file.
 */
export function createProductsHandler(deps: ProductsHandlerDeps): TopicHandler {
  return async (event) => {
    const shop = await deps.db.shop.findUnique({ where: { domain: event.shop }, select: { status: true } });
    if (shop?.status !== "connected") return "skipped";
    await deps.db.shop.update({ where: { domain: event.shop }, data: { catalogDirtyAt: new Date() } });
    await requestCatalogRebuild(deps.queues, event.shop, { delayMs: deps.rebuildDelayMs });
    return "queued";
  };
}
