import type { ShopifyGraphql } from "../../admin-graphql";

/**
 * What a catalog build needs before it reads products: the shop's name and storefront host (for the ICML header
 * and product links) and how many variants there are (paged reading or a Bulk Operation; the ≤ 500 rule at
 * connect). Expected cost: 4 points (shop 1 + primaryDomain 1 + two counts 1 each).
 */
export const CATALOG_SHOP_FACTS_QUERY = `#graphql
  query CatalogShopFacts {
    shop {
      name
      primaryDomain {
        host
      }
    }
    productsCount(limit: null) {
      count
      precision
    }
    productVariantsCount(limit: null) {
      count
      precision
    }
  }
`;

interface ShopifyCount {
  count: number;
  precision: "EXACT" | "AT_LEAST" | (string & {});
}

export interface CatalogShopFactsData {
  shop: { name: string; primaryDomain: { host: string } | null };
  productsCount: ShopifyCount | null;
  productVariantsCount: ShopifyCount | null;
}

export interface ShopifyCatalogFacts {
  shopName: string;
  storefrontHost: string | null;
  products: number;
  variants: number;
}

export async function readCatalogShopFacts(graphql: ShopifyGraphql, options: { signal?: AbortSignal } = {}): Promise<ShopifyCatalogFacts> {
  const data = await graphql<CatalogShopFactsData>(CATALOG_SHOP_FACTS_QUERY, undefined, options);
  return {
    shopName: data.shop.name,
    storefrontHost: data.shop.primaryDomain?.host ?? null,
    products: data.productsCount?.count ?? 0,
    variants: data.productVariantsCount?.count ?? 0,
  };
}
