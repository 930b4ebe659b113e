import { gunzipSync } from "node:zlib";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCatalog, CatalogBuildBusyError } from "../../../app/services/catalog/catalog-build";
import { findLedgerRecord } from "../../../app/services/ledger";
import { CATALOG_BULK_RUN_MUTATION, type CatalogBulkRunData } from "../../../app/services/shopify/operations/catalog/catalog-bulk-operation";
import { BULK_CATALOG_PRODUCTS_QUERY } from "../../../app/sync/icml";
import { seedCatalogShop } from "./catalog-fixture";
import { eventually, expectNoShopifyViolations, startCatalogKit, testSourceOptions, type CatalogKit, type CatalogTestShop } from "./catalog-test-kit";

let kit: CatalogKit;

beforeAll(async () => {
  kit = await startCatalogKit();
});
afterAll(async () => {
  await kit?.close();
});

const BULK = testSourceOptions({ bulkThresholdVariants: 0 });

async function servedOfferIds(shop: string): Promise<string[]> {
  const file = await kit.db.catalogFile.findUniqueOrThrow({ where: { shop } });
  const xml = gunzipSync(file.gzip).toString("utf8");
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", isArray: (name) => name === "offer" }).parse(xml);
  return (parsed.yml_catalog.shop.offers.offer as Array<Record<string, string>>).map((offer) => offer["@_id"]!);
}

async function shopWithCatalog(): Promise<CatalogTestShop> {
  const shop = await kit.newShop();
  seedCatalogShop(shop.sim, kit.shopify);
  await buildCatalog(await shop.buildDeps(), { shop: shop.domain, trigger: "manual" });
  return shop;
}

async function startForeignBulkQuery(shop: CatalogTestShop): Promise<void> {
  const graphql = await kit.shopifyGraphql(shop.domain);
  const data = await graphql<CatalogBulkRunData>(CATALOG_BULK_RUN_MUTATION, { query: "{ customers { edges { node { id } } } }", groupObjects: false });
  expect(data.bulkOperationRunQuery?.userErrors).toEqual([]);
}

describe(buildCatalog.name, () => {
  it("leaves deleted products and variants out of the next file", async () => {
    // GIVEN a built catalog
    const shop = await shopWithCatalog();
    const [gone, trimmed] = shop.sim.products().filter((product) => product.variants.length > 1);
    const before = await servedOfferIds(shop.domain);
    expect(before).toEqual(expect.arrayContaining([...gone!.variants, ...trimmed!.variants].map((variant) => String(variant.id))));

    // WHEN a product is deleted and another loses all variants but its first, then the catalog is rebuilt
    shop.sim.deleteProduct(gone!.id);
    const kept = trimmed!.variants[0]!;
    shop.sim.updateProduct(trimmed!.id, {
      options: trimmed!.options.map((option, index) => ({ name: option.name, values: [kept.optionValues[index]!] })),
      variants: [{ optionValues: kept.optionValues, sku: kept.sku, price: "1.00", inventoryQuantity: 1 }],
    });
    const rebuilt = await buildCatalog(await shop.buildDeps(), { shop: shop.domain, trigger: "manual" });

    // THEN they are gone from the served file, the kept variant stays
    const after = await servedOfferIds(shop.domain);
    expect(after).toHaveLength(rebuilt.offers);
    for (const variant of [...gone!.variants, ...trimmed!.variants.slice(1)]) expect(after).not.toContain(String(variant.id));
    expect(after).toContain(String(kept.id));
    expectNoShopifyViolations(kit.shopify);
  });

  it("keeps serving the previous file when the Bulk Operation fails, and says why", async () => {
    // GIVEN a served file and a Bulk Operation that fails with partial data only
    const shop = await shopWithCatalog();
    const served = await kit.db.catalogFile.findUniqueOrThrow({ where: { shop: shop.domain } });
    shop.sim.bulk.failNext({ errorCode: "INTERNAL_SERVER_ERROR", partialData: true });

    // WHEN a build reads through a Bulk Operation
    const failure = buildCatalog(await shop.buildDeps({ source: BULK }), { shop: shop.domain, trigger: "schedule" });

    // THEN the build fails in plain words, the file is untouched, and the build row and the ledger record it
    await expect(failure).rejects.toMatchObject({ kind: "upstream", message: expect.stringMatching(/ended failed \(INTERNAL_SERVER_ERROR\).*partial catalog is never published/) });
    const still = await kit.db.catalogFile.findUniqueOrThrow({ where: { shop: shop.domain } });
    expect({ etag: still.etag, buildId: still.buildId }).toEqual({ etag: served.etag, buildId: served.buildId });
    const last = await kit.db.catalogBuild.findFirstOrThrow({ where: { shop: shop.domain }, orderBy: { createdAt: "desc" } });
    expect(last).toMatchObject({ status: "failed", trigger: "schedule", error: expect.stringContaining("current catalog file stays published") });
    expect(await findLedgerRecord(kit.db, { shop: shop.domain, entity: "catalog", direction: "to_crm", sourceId: "icml" })).toMatchObject({
      state: "failed",
      lastError: expect.stringContaining("INTERNAL_SERVER_ERROR"),
    });
    // AND the next build succeeds and replaces the file
    const next = await buildCatalog(await shop.buildDeps({ source: BULK }), { shop: shop.domain, trigger: "schedule" });
    expect(next).toMatchObject({ mode: "bulk", published: true });
    expect((await kit.db.catalogFile.findUniqueOrThrow({ where: { shop: shop.domain } })).etag).not.toBe(served.etag);
    expectNoShopifyViolations(kit.shopify);
  });

  it("waits for another bulk query that holds the shop (OPERATION_IN_PROGRESS), then exports", async () => {
    // GIVEN another bulk query running on the shop
    const shop = await shopWithCatalog();
    shop.sim.bulk.hold();
    await startForeignBulkQuery(shop);

    // WHEN a build needs a Bulk Operation, and the other query finishes a moment later
    const build = buildCatalog(await shop.buildDeps({ source: BULK }), { shop: shop.domain, trigger: "schedule" });
    await eventually(() => expect(kit.shopify.requests.filter((request) => request.shop === shop.domain && request.operationName === "CatalogBulkRun").length).toBeGreaterThan(1));
    shop.sim.bulk.release();

    // THEN the build started its own export after the other and succeeded
    await expect(build).resolves.toMatchObject({ mode: "bulk", published: true, offers: shop.sim.products().flatMap((p) => p.variants).length });
    expect(shop.sim.state.bulkOperations.size).toBe(2);
    expectNoShopifyViolations(kit.shopify);
  });

  it("takes over its own export still running from an interrupted build", async () => {
    // GIVEN the catalog export already running (a worker died after starting it)
    const shop = await shopWithCatalog();
    shop.sim.bulk.hold();
    const graphql = await kit.shopifyGraphql(shop.domain);
    await graphql(CATALOG_BULK_RUN_MUTATION, { query: BULK_CATALOG_PRODUCTS_QUERY, groupObjects: true });

    // WHEN a new build starts
    const build = buildCatalog(await shop.buildDeps({ source: BULK }), { shop: shop.domain, trigger: "schedule" });
    await eventually(() => expect(kit.shopify.requests.some((request) => request.shop === shop.domain && request.operationName === "CatalogBulkOperation")).toBe(true));
    shop.sim.bulk.release();

    // THEN it uses that export rather than starting another
    await expect(build).resolves.toMatchObject({ mode: "bulk", published: true });
    expect(shop.sim.state.bulkOperations.size).toBe(1);
  });

  it("gives up for now when another bulk query keeps the shop busy, keeping the previous file", async () => {
    // GIVEN a served file and a foreign bulk query that does not finish
    const shop = await shopWithCatalog();
    const served = await kit.db.catalogFile.findUniqueOrThrow({ where: { shop: shop.domain } });
    shop.sim.bulk.hold();
    await startForeignBulkQuery(shop);

    // WHEN a build waits for it only briefly
    const build = buildCatalog(await shop.buildDeps({ source: testSourceOptions({ bulkThresholdVariants: 0, busyWaitMs: 200 }) }), { shop: shop.domain, trigger: "schedule" });

    // THEN it fails as "rate_limited" (BullMQ retries it later) and the file is untouched
    await expect(build).rejects.toMatchObject({ kind: "rate_limited", message: expect.stringMatching(/Another bulk export .* is still running/) });
    expect((await kit.db.catalogFile.findUniqueOrThrow({ where: { shop: shop.domain } })).etag).toBe(served.etag);
    shop.sim.bulk.release();
  });

  it("waits for Shopify's cost bucket when it is empty", async () => {
    // GIVEN a shop whose cost bucket is drained
    const shop = await kit.newShop();
    seedCatalogShop(shop.sim, kit.shopify);
    shop.sim.throttle.setAvailable(0);

    // WHEN the catalog is built page by page
    const result = await buildCatalog(await shop.buildDeps(), { shop: shop.domain, trigger: "manual" });

    // THEN Shopify throttled some requests, and the build still read everything
    expect(kit.shopify.requests.some((request) => request.shop === shop.domain && request.throttled)).toBe(true);
    expect(result).toMatchObject({ mode: "paged", offers: shop.sim.products().flatMap((p) => p.variants).length });
  });

  it("refuses to run two builds of one shop at once", async () => {
    // GIVEN a build in progress (its export held in Shopify)
    const shop = await kit.newShop();
    seedCatalogShop(shop.sim, kit.shopify);
    shop.sim.bulk.hold();
    const first = buildCatalog(await shop.buildDeps({ source: BULK }), { shop: shop.domain, trigger: "schedule" });
    await eventually(() => expect(shop.sim.state.bulkOperations.size).toBe(1));

    // WHEN a second build of the same shop starts
    const second = buildCatalog(await shop.buildDeps(), { shop: shop.domain, trigger: "manual" });

    // THEN it is refused as busy, and the first one completes
    await expect(second).rejects.toBeInstanceOf(CatalogBuildBusyError);
    shop.sim.bulk.release();
    await expect(first).resolves.toMatchObject({ published: true });
  });
});
