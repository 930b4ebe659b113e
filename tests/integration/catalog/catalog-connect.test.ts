import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishCatalogAtConnect } from "../../../app/services/catalog/catalog-connect";
import { createCatalogBuildProcessor } from "../../../workers/processors/catalog-build";
import { jobIds, QUEUES, redisConnection } from "../../../workers/queues";
import { startWorkers } from "../../../workers/runtime";
import { silentLogger, testRedisUrl } from "../../helpers/queues";
import { addManyVariants, expectedOffers, seedCatalogShop, TRICKY_TITLE_IN_XML } from "./catalog-fixture";
import { eventually, expectNoShopifyViolations, startCatalogKit, testSourceOptions, type CatalogKit } from "./catalog-test-kit";

let kit: CatalogKit;

beforeAll(async () => {
  kit = await startCatalogKit();
});
afterAll(async () => {
  await kit?.close();
});

describe(publishCatalogAtConnect.name, () => {
  it("builds a small shop's catalog while connecting, points the CRM site at it, and the CRM loads every variant", async () => {
    // GIVEN a shop with Shopify's demo catalog and a product full of characters XML must escape or drop
    const shop = await kit.newShop();
    const { tricky } = seedCatalogShop(shop.sim, kit.shopify);
    const variants = shop.sim.products().flatMap((product) => product.variants);
    expect(variants.length).toBeLessThanOrEqual(500);

    // WHEN the shop connects to the CRM
    const connection = await shop.connect();

    // THEN the catalog was built during the connect and the CRM site loads it from our URL
    const catalog = connection.catalog!;
    expect(catalog.build).toMatchObject({ state: "built", result: { offers: variants.length, mode: "paged", published: true } });
    expect(catalog).toMatchObject({ variants: variants.length, crmSiteUpdated: true, scheduled: true });
    const token = (await kit.db.shop.findUniqueOrThrow({ where: { domain: shop.domain } })).icmlToken;
    expect(catalog.url).toBe(`${kit.appUrl}/icml/${token}`);
    expect(shop.crmSite()).toMatchObject({ ymlUrl: catalog.url, loadFromYml: true });
    expect(await shop.queues.get(QUEUES.catalog).getJobScheduler(jobIds.catalogScheduler(shop.domain))).toMatchObject({ every: 4 * 3_600_000 });

    const load = await kit.crm.loadCatalog(shop.site);
    expect(load).toMatchObject({ ok: true, counts: { offers: variants.length, products: shop.sim.products().length } });
    const loaded = kit.crm.snapshot().catalogs[shop.site]!;
    for (const expected of expectedOffers(shop.sim, shop.storefrontHost)) {
      const offer = loaded.offers.find((candidate) => candidate.externalId === expected.externalId);
      expect(offer, `offer ${expected.externalId}`).toMatchObject(expected);
      expect(offer!.quantity).toBeGreaterThanOrEqual(0);
    }
    // AND the tricky product keeps its markup characters, emoji and Cyrillic, loses the control character,
    // and its variants are one product in the CRM with their options as properties
    const trickyOffers = loaded.offers.filter((offer) => offer.productExternalId === String(tricky.id));
    expect(trickyOffers.map((offer) => offer.name).sort()).toEqual([`${TRICKY_TITLE_IN_XML} - Blue / L`, `${TRICKY_TITLE_IN_XML} - Red / L`]);
    expect(trickyOffers[0]!.properties).toMatchObject({ color: expect.any(String), razmer: "L" });
    expect(trickyOffers.find((offer) => offer.article === "TEE-R-L")).toMatchObject({ quantity: 0, weight: 0.997903, barcode: "4006381333931" });
    expect(loaded.products.find((product) => product.externalId === String(tricky.id))?.offerExternalIds).toHaveLength(2);
    // AND a product in no collection sits in the fallback category, a draft is inactive, a one-variant product is named by its title
    expect(loaded.categories.map((category) => category.externalId)).toContain("uncategorized");
    expect(loaded.offers.find((offer) => offer.productName === "Sticker pack")).toMatchObject({ name: "Sticker pack", categoryExternalIds: ["uncategorized"] });
    expect(loaded.offers.find((offer) => offer.article === "JKT-WIN")).toMatchObject({ active: false });
    // AND only products became offers: the demo orders' custom line items did not
    expect(loaded.offers).toHaveLength(variants.length);
    expectNoShopifyViolations(kit.shopify);
  });

  it("leaves a shop over 500 variants to the worker, which reads it with a Bulk Operation", async () => {
    // GIVEN a shop with 6 × 100 variants
    const shop = await kit.newShop();
    addManyVariants(shop.sim, 6, 100);

    // WHEN it connects
    const connection = await shop.connect();

    // THEN nothing is built during the connect, but the CRM has the URL, the schedule exists and a first build is queued
    expect(connection.catalog).toMatchObject({ variants: 600, crmSiteUpdated: true, scheduled: true, build: { state: "queued", reason: "over_limit" } });
    expect(await kit.db.catalogFile.findUnique({ where: { shop: shop.domain } })).toBeNull();
    expect(shop.crmSite().ymlUrl).toBe(connection.catalog!.url);
    expect(await shop.queues.get(QUEUES.catalog).getJobScheduler(jobIds.catalogScheduler(shop.domain))).toBeDefined();
    const queued = await kit.db.catalogBuild.findMany({ where: { shop: shop.domain } });
    expect(queued).toMatchObject([{ status: "queued", trigger: "connect" }]);

    // WHEN a worker takes the queued build (Bulk Operations above 500 variants in this test)
    const runtime = startWorkers({
      connection: redisConnection(testRedisUrl()),
      prefix: shop.prefix,
      logger: silentLogger,
      concurrency: { [QUEUES.catalog]: 1 },
      processors: {
        "catalog-build": createCatalogBuildProcessor({
          db: kit.db,
          lock: shop.lock,
          shopifyGraphql: (domain) => kit.shopifyGraphql(domain),
          source: testSourceOptions({ bulkThresholdVariants: 500 }),
        }),
      },
      shutdownGraceMs: 2_000,
    });
    try {
      // THEN the file is built from the Bulk Operation's JSONL and the CRM loads all 600 offers
      await eventually(async () => expect(await kit.db.catalogBuild.findUniqueOrThrow({ where: { id: queued[0]!.id } })).toMatchObject({ status: "succeeded", offers: 600 }));
    } finally {
      await runtime.close();
    }
    expect(kit.shopify.requests.some((request) => request.shop === shop.domain && request.operationName === "CatalogBulkRun")).toBe(true);
    expect(await kit.crm.loadCatalog(shop.site)).toMatchObject({ ok: true, counts: { offers: 600, products: 6 } });
    expectNoShopifyViolations(kit.shopify);
  });
});
