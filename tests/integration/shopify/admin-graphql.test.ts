import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SyncError } from "../../../app/services/errors";
import { silentLogger } from "../../helpers/queues";
import { storeOfflineSession } from "../../helpers/shopify-session";
import { startSyncKit, type SyncKit } from "../sync/sync-test-kit";

describe("getShopifyGraphql", () => {
  let kit: SyncKit;
  beforeAll(async () => {
    kit = await startSyncKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it("reads the shop through the simulator with the stored offline token", async () => {
    const domain = `gql-ok-${Date.now()}.myshopify.com`;
    const sim = kit.shopify.addShop(domain);
    await storeOfflineSession(domain, sim.accessToken);
    const { getShopifyGraphql } = await import("../../../app/services/shopify/admin.server");
    const graphql = await getShopifyGraphql(domain, silentLogger);
    const data = await graphql<{ shop: { myshopifyDomain: string } }>(`#graphql
      query shopDomain { shop { myshopifyDomain } }`);
    expect(data.shop.myshopifyDomain).toBe(domain);
  });

  it("reports a revoked token as an auth problem, not as Shopify being down", async () => {
    // Regression: shopify-api throws HttpResponseError (not a Response) for a 401 in background calls, which was
    // reported as "Could not reach Shopify" (kind upstream) and retried for hours.
    // GIVEN a shop whose token Shopify no longer accepts (the merchant uninstalled the app)
    const domain = `gql-revoked-${Date.now()}.myshopify.com`;
    const sim = kit.shopify.addShop(domain);
    await storeOfflineSession(domain, sim.accessToken);
    kit.shopify.shop(domain).uninstallApp();
    const { getShopifyGraphql } = await import("../../../app/services/shopify/admin.server");
    const graphql = await getShopifyGraphql(domain, silentLogger);
    // WHEN the worker queries it THEN the error is of kind auth and says what happened
    const error = await graphql(`#graphql
      query shopDomain { shop { myshopifyDomain } }`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).kind).toBe("auth");
    expect((error as SyncError).message).toMatch(/refused the app's access .* \(HTTP 401\)/);
  });
});
