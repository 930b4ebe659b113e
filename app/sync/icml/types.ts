/**
 * Catalog input, named after the Admin GraphQL API 2026-10 fields so that a paged `products` query's
 * nodes can be fed in as they are. Ids are gids (`gid://shopify/ProductVariant/123`); the ICML writer
 * turns them into numeric ids. Connections use the `nodes` shape.
 */

export interface ShopifyCatalogImage {
  url: string;
}

/** A `Media` node; only `MediaImage` nodes carry `image`, other media kinds are ignored for pictures. */
export interface ShopifyCatalogMedia {
  id?: string;
  mediaContentType?: string;
  image?: ShopifyCatalogImage | null;
}

export interface ShopifyCatalogCollection {
  id: string;
  title: string;
}

export interface ShopifyCatalogSelectedOption {
  name: string;
  value: string;
}

export interface ShopifyCatalogWeight {
  /** `WeightUnit`: GRAMS | KILOGRAMS | OUNCES | POUNDS; another value leaves the offer without a weight. */
  unit: string;
  value: number;
}

export interface ShopifyCatalogVariant {
  id: string;
  title: string;
  sku?: string | null;
  barcode?: string | null;
  /** `Money`: a decimal string such as "19.90". */
  price: string;
  /** Null when Shopify does not report stock (e.g. untracked inventory). */
  inventoryQuantity?: number | null;
  selectedOptions: ShopifyCatalogSelectedOption[];
  inventoryItem?: { measurement?: { weight?: ShopifyCatalogWeight | null } | null } | null;
  /** The variant's own images. Absent in Bulk Operation output (a third connection level is not allowed there). */
  media?: { nodes: ShopifyCatalogMedia[] };
}

export interface ShopifyCatalogProduct {
  id: string;
  title: string;
  handle: string;
  vendor?: string | null;
  /** `ProductStatus`: ACTIVE | ARCHIVED | DRAFT | UNLISTED (kept open: only ACTIVE matters here). */
  status: string;
  /** When the product was published to the online store; null when it is not published there. */
  publishedAt?: string | null;
  onlineStoreUrl?: string | null;
  featuredMedia?: ShopifyCatalogMedia | null;
  media?: { nodes: ShopifyCatalogMedia[] };
  collections: { nodes: ShopifyCatalogCollection[] };
  variants: { nodes: ShopifyCatalogVariant[] };
}

export interface IcmlWriteOptions {
  shopName: string;
  /** The host used for product links when a product has no `onlineStoreUrl`, e.g. `my-shop.myshopify.com`. */
  shopDomain: string;
  company?: string;
  now?: () => Date;
  /** Name of the category given to products that are in no collection. Default "Other". */
  fallbackCategoryName?: string;
  /** Directory for the temporary offers file. Default: the OS temp directory. */
  spoolDir?: string;
}

export interface IcmlWriteStats {
  offers: number;
  products: number;
  categories: number;
}
