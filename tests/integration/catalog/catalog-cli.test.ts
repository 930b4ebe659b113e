import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli";
import { seedCatalogShop } from "./catalog-fixture";
import { startCatalogKit, type CatalogKit } from "./catalog-test-kit";

let kit: CatalogKit;

beforeAll(async () => {
  kit = await startCatalogKit();
});
afterAll(async () => {
  await kit?.close();
});

describe("cli catalog", () => {
  it("connects with a catalog, builds it on demand, reports its state and rotates its URL", async () => {
    // GIVEN an installed shop with products, the CLI pointed at both simulators and at the app's URL
    const shop = await kit.newShop();
    seedCatalogShop(shop.sim, kit.shopify);
    const variants = shop.sim.products().flatMap((product) => product.variants).length;
    const env = { SHOPIFY_SIM_URL: kit.shopify.url, SHOPIFY_APP_URL: kit.appUrl };

    // WHEN the operator connects the shop
    const connect = await runCli(["connect", "--shop", shop.domain, "--crm-url", kit.crmUrl, "--api-key", shop.apiKey], env);

    // THEN the catalog was built as part of the connect and the CRM site points at it
    expect(connect.json, connect.stderr + connect.stdout).toMatchObject({
      ok: true,
      result: { catalog: { crmSiteUpdated: true, scheduled: true, variants, build: { state: "built", result: { offers: variants } } } },
    });
    const url = (connect.json.result as { catalog: { url: string } }).catalog.url;
    expect(url).toMatch(new RegExp(`^${kit.appUrl}/icml/[A-Za-z0-9_-]{32}$`));
    expect(shop.crmSite().ymlUrl).toBe(url);
    await kit.crm.loadCatalog(shop.site);

    // WHEN the operator rebuilds it, asks for its state and rotates its URL
    const build = await runCli(["catalog", "build", "--shop", shop.domain], env);
    const status = await runCli(["catalog", "status", "--shop", shop.domain], env);
    const rotate = await runCli(["catalog", "rotate-token", "--shop", shop.domain], env);

    // THEN each says what happened
    expect(build.json, build.stderr).toMatchObject({ ok: true, result: { offers: variants, mode: "paged", published: true, trigger: "manual" } });
    expect(status.json, status.stderr).toMatchObject({
      ok: true,
      result: {
        url,
        file: { offers: variants },
        builds: [{ trigger: "manual", status: "succeeded" }, { trigger: "connect", status: "succeeded" }],
        lastFetch: { status: 200, userAgent: expect.any(String) },
        nextScheduledBuild: expect.any(String),
      },
    });
    const rotated = (rotate.json.result as { url: string }).url;
    expect(rotate.json).toMatchObject({ ok: true, result: { crmUpdated: true } });
    expect(rotated).not.toBe(url);
    expect(shop.crmSite().ymlUrl).toBe(rotated);
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(rotated)).status).toBe(200);
  });
});
