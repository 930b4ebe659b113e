import { afterEach, describe, expect, it } from "vitest";
import { installShopifyFetchRedirect, rewriteShopifyUrl } from "../../../../sim/shopify/fetch-redirect";
import { signSessionToken, type ShopifySimulator } from "../../../../sim/shopify/index";
import { startSim, TEST_API_KEY, TEST_SECRET } from "./sim-test-kit";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simWithShop(domain: string): Promise<ShopifySimulator> {
  const sim = await startSim();
  cleanups.push(() => sim.close());
  sim.addShop(domain, { accessToken: "shpat_redirect" }).createCustomer({ firstName: "Redirected", email: "r@example.com" });
  return sim;
}

describe(rewriteShopifyUrl.name, () => {
  it("maps a myshopify.com URL onto the simulator's shop prefix and leaves other URLs alone", () => {
    expect(rewriteShopifyUrl("https://Demo-Shop.myshopify.com/admin/api/2026-10/graphql.json?x=1", "http://127.0.0.1:4200/")).toBe(
      "http://127.0.0.1:4200/shops/demo-shop.myshopify.com/admin/api/2026-10/graphql.json?x=1",
    );
    expect(rewriteShopifyUrl("https://example.com/admin", "http://127.0.0.1:4200")).toBeNull();
    expect(rewriteShopifyUrl("https://myshopify.com.evil.example/admin", "http://127.0.0.1:4200")).toBeNull();
  });
});

describe(installShopifyFetchRedirect.name, () => {
  it("sends fetch calls for a shop to the simulator, for URL strings and Request objects, until removed", async () => {
    // GIVEN
    const sim = await simWithShop("redirect.myshopify.com");
    const restore = installShopifyFetchRedirect(sim.url);
    cleanups.push(restore);
    const init = {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_redirect" },
      body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }),
    };
    const url = "https://redirect.myshopify.com/admin/api/2026-10/graphql.json";
    // WHEN
    const viaString = (await (await fetch(url, init)).json()) as { data: unknown };
    const viaRequest = (await (await fetch(new Request(url, init))).json()) as { data: unknown };
    restore();
    // THEN
    expect(viaString.data).toEqual({ shop: { myshopifyDomain: "redirect.myshopify.com" } });
    expect(viaRequest.data).toEqual(viaString.data);
    await expect(fetch(url, init)).rejects.toThrow(/loopback/);
  });

  it("reaches the simulator through @shopify/shopify-api when installed before its Node adapter is imported", async () => {
    // GIVEN the redirect, then the library (it keeps the fetch it sees at import time)
    const sim = await simWithShop("library.myshopify.com");
    cleanups.push(installShopifyFetchRedirect(sim.url));
    await import("@shopify/shopify-api/adapters/node");
    const { shopifyApi, ApiVersion, RequestedTokenType } = await import("@shopify/shopify-api");
    const shopify = shopifyApi({
      apiKey: TEST_API_KEY,
      apiSecretKey: TEST_SECRET,
      apiVersion: ApiVersion.October26,
      hostName: "app.example.com",
      isEmbeddedApp: true,
      logger: { level: 0 },
    });
    // WHEN the app exchanges a session token and queries the Admin API
    const sessionToken = signSessionToken({ shop: "library.myshopify.com", apiKey: TEST_API_KEY, apiSecret: TEST_SECRET });
    const { session } = await shopify.auth.tokenExchange({
      shop: "library.myshopify.com",
      sessionToken,
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
    });
    const client = new shopify.clients.Graphql({ session });
    const reply = await client.request(`query { customers(first: 5) { nodes { firstName } } }`);
    // THEN
    expect(session.accessToken).toBe("shpat_redirect");
    expect(reply.data).toEqual({ customers: { nodes: [{ firstName: "Redirected" }] } });
    expect(sim.requests.map((request) => request.kind)).toEqual(["access-token", "graphql"]);
  });
});
