import type { ShopifyCatalogProduct, ShopifyCatalogVariant } from "../../sync/icml";
import type { ShopifyGraphql } from "../shopify/admin-graphql";
import {
  CATALOG_PRODUCT_VARIANTS_QUERY,
  CATALOG_PRODUCTS_PAGE_QUERY,
  catalogProductsPageVariables,
  catalogProductVariantsVariables,
} from "../shopify/operations/catalog/catalog-products-page";

interface ShopifyPageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

type PagedVariants = { nodes: ShopifyCatalogVariant[]; pageInfo: ShopifyPageInfo };

type PagedProduct = Omit<ShopifyCatalogProduct, "variants"> & { variants: PagedVariants };

interface CatalogProductsPageData {
  products: { nodes: PagedProduct[]; pageInfo: ShopifyPageInfo };
}

interface CatalogProductVariantsData {
  product: { variants: PagedVariants } | null;
}

/**
 * Reads every product a page at a time (see catalog-products-page.ts for the page sizes and their cost), with all
 * of each product's variants, and yields them one by one. Only one page is held at a time.
 */
export async function* readPagedCatalogProducts(graphql: ShopifyGraphql, options: { signal?: AbortSignal } = {}): AsyncIterable<ShopifyCatalogProduct> {
  let after: string | null = null;
  do {
    const data: CatalogProductsPageData = await graphql<CatalogProductsPageData>(CATALOG_PRODUCTS_PAGE_QUERY, catalogProductsPageVariables(after), options);
    for (const product of data.products.nodes) {
      const variants = [...product.variants.nodes];
      let variantPage: ShopifyPageInfo | null = product.variants.pageInfo;
      while (variantPage?.hasNextPage) {
        const more = await readMoreVariants(graphql, product.id, variantPage.endCursor, options);
        variants.push(...(more?.nodes ?? []));
        variantPage = more ? more.pageInfo : null;
      }
      // A product deleted while its variants were being read is left out, as the next file would leave it out.
      if (variantPage !== null) yield { ...product, variants: { nodes: variants } };
    }
    after = data.products.pageInfo.hasNextPage ? data.products.pageInfo.endCursor : null;
  } while (after !== null);
}

async function readMoreVariants(
  graphql: ShopifyGraphql,
  productId: string,
  after: string | null,
  options: { signal?: AbortSignal },
): Promise<PagedVariants | null> {
  const data = await graphql<CatalogProductVariantsData>(CATALOG_PRODUCT_VARIANTS_QUERY, catalogProductVariantsVariables(productId, after), options);
  return data.product?.variants ?? null;
}
