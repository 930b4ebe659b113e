import type { SimShopContext, SimUserError } from "../store/shop-state";
import type { SimBulkOperation } from "../store/types";
import type { SimSearchWarning } from "./search-query";

export interface SimBulkRunner {
  start(shop: SimShopContext, query: string, groupObjects: boolean): { ok: true; operation: SimBulkOperation } | { ok: false; userErrors: SimUserError[] };
}

export interface SimGraphqlContext {
  shop: SimShopContext;
  /** Inside a bulk operation: connections return every item and ignore `first`/`last`. */
  bulk: boolean;
  /** The simulator's own URL, for bulk result files. */
  baseUrl: string;
  apiKey: string;
  bulkRunner: SimBulkRunner;
  searchWarnings: { path: string; query: string; warnings: SimSearchWarning[] }[];
}

export type SimResolverArgs = Record<string, unknown>;
