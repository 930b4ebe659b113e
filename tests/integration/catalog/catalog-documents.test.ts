import { describe, expect, it } from "vitest";
import {
  CATALOG_BULK_OPERATION_QUERY,
  CATALOG_BULK_RUN_MUTATION,
  CATALOG_RUNNING_BULK_OPERATIONS_QUERY,
} from "../../../app/services/shopify/operations/catalog/catalog-bulk-operation";
import {
  CATALOG_PRODUCT_VARIANTS_QUERY,
  CATALOG_PRODUCTS_PAGE_QUERY,
  catalogProductsPageVariables,
  catalogProductVariantsVariables,
} from "../../../app/services/shopify/operations/catalog/catalog-products-page";
import { CATALOG_SHOP_FACTS_QUERY } from "../../../app/services/shopify/operations/catalog/catalog-shop-facts";
import { BULK_CATALOG_GROUP_OBJECTS, BULK_CATALOG_PRODUCTS_QUERY } from "../../../app/sync/icml";
import { validateAdminDocument } from "../../../sim/shopify/index";

// Every document the catalog sends, with the variables it sends them with, against the Admin API 2026-10 schema
// (unknown fields, wrong types, deprecated fields and bad variables are all violations).
const DOCUMENTS: Array<[string, string, Record<string, unknown>]> = [
  ["CatalogShopFacts", CATALOG_SHOP_FACTS_QUERY, {}],
  ["CatalogProductsPage", CATALOG_PRODUCTS_PAGE_QUERY, catalogProductsPageVariables("eyJsYXN0X2lkIjoxfQ==")],
  ["CatalogProductVariants", CATALOG_PRODUCT_VARIANTS_QUERY, catalogProductVariantsVariables("gid://shopify/Product/1", null)],
  ["CatalogBulkRun", CATALOG_BULK_RUN_MUTATION, { query: BULK_CATALOG_PRODUCTS_QUERY, groupObjects: BULK_CATALOG_GROUP_OBJECTS }],
  ["CatalogBulkOperation", CATALOG_BULK_OPERATION_QUERY, { id: "gid://shopify/BulkOperation/1" }],
  ["CatalogRunningBulkOperations", CATALOG_RUNNING_BULK_OPERATIONS_QUERY, {}],
  ["BulkCatalogProducts", BULK_CATALOG_PRODUCTS_QUERY, {}],
];

describe(validateAdminDocument.name, () => {
  it.each(DOCUMENTS)("accepts %s as the catalog sends it", (_name, document, variables) => {
    expect(validateAdminDocument(document, variables)).toEqual([]);
  });

  it("notices a field the schema does not have (the check can fail)", () => {
    expect(validateAdminDocument(CATALOG_SHOP_FACTS_QUERY.replace("primaryDomain", "primaryDomainz"))).not.toEqual([]);
  });
});
