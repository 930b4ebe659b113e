import { afterEach, describe, expect, it } from "vitest";
import { signSessionToken, type ShopifySimulator } from "../../../../sim/shopify/index";
import { postGraphql, startSim, TEST_API_KEY, TEST_SECRET } from "./sim-test-kit";

const started: ShopifySimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

async function exchange(sim: ShopifySimulator, shop: string, body: Record<string, unknown>) {
  const response = await fetch(`${sim.url}/shops/${shop}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function exchangeBody(shop: string, overrides: Record<string, unknown> = {}) {
  return {
    client_id: TEST_API_KEY,
    client_secret: TEST_SECRET,
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    subject_token: signSessionToken({ shop, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET }),
    subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
    requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    expiring: "0",
    ...overrides,
  };
}

describe("POST /admin/oauth/access_token in the Shopify simulator", () => {
  it("gives the shop's offline token for a valid session token", async () => {
    const sim = await startSim();
    started.push(sim);
    const shop = sim.addShop("exchange.myshopify.com", { scopes: ["read_products"] });
    const reply = await exchange(sim, shop.domain, exchangeBody(shop.domain));
    expect(reply).toEqual({ status: 200, json: { access_token: shop.accessToken, scope: "read_products" } });
  });

  it("refuses a token signed with another secret, an expired one, one for another shop and a wrong client secret", async () => {
    const sim = await startSim();
    started.push(sim);
    const shop = sim.addShop("exchange-bad.myshopify.com");
    const forged = signSessionToken({ shop: shop.domain, apiKey: TEST_API_KEY, apiSecret: "other-secret" });
    const expired = signSessionToken({ shop: shop.domain, apiKey: TEST_API_KEY, apiSecret: TEST_SECRET, nowMs: Date.now() - 3_600_000 });
    const otherShop = signSessionToken({ shop: "other.myshopify.com", apiKey: TEST_API_KEY, apiSecret: TEST_SECRET });
    const replies = await Promise.all([
      exchange(sim, shop.domain, exchangeBody(shop.domain, { subject_token: forged })),
      exchange(sim, shop.domain, exchangeBody(shop.domain, { subject_token: expired })),
      exchange(sim, shop.domain, exchangeBody(shop.domain, { subject_token: otherShop })),
      exchange(sim, shop.domain, exchangeBody(shop.domain, { client_secret: "nope" })),
    ]);
    expect(replies.map((reply) => [reply.status, reply.json.error])).toEqual([
      [400, "invalid_subject_token"],
      [400, "invalid_subject_token"],
      [400, "invalid_subject_token"],
      [401, "invalid_client"],
    ]);
  });

  it("issues an expiring token with a refresh token that works for GraphQL and can be refreshed", async () => {
    // GIVEN
    const sim = await startSim();
    started.push(sim);
    const shop = sim.addShop("exchange-expiring.myshopify.com");
    // WHEN
    const first = await exchange(sim, shop.domain, exchangeBody(shop.domain, { expiring: "1" }));
    const refreshed = await exchange(sim, shop.domain, {
      client_id: TEST_API_KEY,
      client_secret: TEST_SECRET,
      grant_type: "refresh_token",
      refresh_token: first.json.refresh_token,
    });
    const reused = await exchange(sim, shop.domain, {
      client_id: TEST_API_KEY,
      client_secret: TEST_SECRET,
      grant_type: "refresh_token",
      refresh_token: first.json.refresh_token,
    });
    // THEN
    expect(first.json).toMatchObject({ access_token: expect.stringMatching(/^shpat_/), expires_in: 3600, refresh_token: expect.any(String) });
    expect(refreshed.status).toBe(200);
    expect(reused.status).toBe(400);
    const query = await postGraphql(sim, shop.domain, String(refreshed.json.access_token), `{ shop { name } }`);
    expect(query.status).toBe(200);
  });
});
