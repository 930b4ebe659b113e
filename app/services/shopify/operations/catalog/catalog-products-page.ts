/**
 * Paged reading of the catalog, for shops small enough that a Bulk Operation is not worth its wait. Each page
 * asks for the fields the ICML writer reads (`app/sync/icml/types.ts`), in the `nodes` shape it takes as is.
 *
 * Costs (scalars 0, objects 1, connections 2 + page size × item): one variant is 9 points (node, selectedOptions,
 * inventoryItem → measurement → weight, and media(first: 1) = 4); one product with its first 10 variants,
 * 10 collections and 10 media is 129. A page of 6 products asks for 776 points, under the 1,000-point ceiling of a
 * single query; Shopify then charges only what came back. Products with more than 10 variants get the rest through
 * `CATALOG_PRODUCT_VARIANTS_QUERY` (100 per page: 903 points requested).
 */

import { CATALOG_MEDIA_FIELDS, CATALOG_VARIANT_FIELDS } from "../../../../sync/icml/bulk-query";

export const CATALOG_PRODUCTS_PER_PAGE = 6;
export const CATALOG_VARIANTS_PER_PRODUCT_PAGE = 10;
export const CATALOG_VARIANTS_PER_PAGE = 100;
/** Collections beyond these per product are not read in paged mode (the Bulk Operation reads them all). */
export const CATALOG_COLLECTIONS_PER_PRODUCT = 10;
export const CATALOG_MEDIA_PER_PRODUCT = 10;

const CATALOG_VARIANT_FRAGMENT = `
  fragment CatalogVariant on ProductVariant {
    ${CATALOG_VARIANT_FIELDS}
    media(first: 1) {
      nodes {
        ...CatalogMedia
      }
    }
  }

  fragment CatalogMedia on Media {
    ${CATALOG_MEDIA_FIELDS}
  }
`;

export const CATALOG_PRODUCTS_PAGE_QUERY = `#graphql
  query CatalogProductsPage($first: Int!, $after: String, $variants: Int!, $collections: Int!, $media: Int!) {
    products(first: $first, after: $after, sortKey: ID) {
      nodes {
        id
        title
        handle
        vendor
        status
        publishedAt
        onlineStoreUrl
        featuredMedia {
          ...CatalogMedia
        }
        collections(first: $collections) {
          nodes {
            id
            title
          }
        }
        media(first: $media) {
          nodes {
            ...CatalogMedia
          }
        }
        variants(first: $variants) {
          nodes {
            ...CatalogVariant
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
${CATALOG_VARIANT_FRAGMENT}`;

export const CATALOG_PRODUCT_VARIANTS_QUERY = `#graphql
  query CatalogProductVariants($id: ID!, $first: Int!, $after: String) {
    product(id: $id) {
      variants(first: $first, after: $after) {
        nodes {
          ...CatalogVariant
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
${CATALOG_VARIANT_FRAGMENT}`;

export function catalogProductsPageVariables(after: string | null): Record<string, unknown> {
  return {
    first: CATALOG_PRODUCTS_PER_PAGE,
    after,
    variants: CATALOG_VARIANTS_PER_PRODUCT_PAGE,
    collections: CATALOG_COLLECTIONS_PER_PRODUCT,
    media: CATALOG_MEDIA_PER_PRODUCT,
  };
}

export function catalogProductVariantsVariables(productId: string, after: string | null): Record<string, unknown> {
  return { id: productId, first: CATALOG_VARIANTS_PER_PAGE, after };
}
