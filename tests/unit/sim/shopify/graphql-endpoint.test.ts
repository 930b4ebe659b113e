import { afterEach, describe, expect, it } from "vitest";
import { createShopifySimulator, type ShopifySimulator } from "../../../../sim/shopify/index";
import { postGraphql, startSim } from "./sim-test-kit";

const started: ShopifySimulator[] = [];
async function simulator(overrides: Parameters<typeof startSim>[0] = {}) {
  const sim = await startSim(overrides);
  started.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

describe(createShopifySimulator.name, () => {
  describe("when the app sends a valid query", () => {
    it("answers with the store's data and the cost extension", async () => {
      // GIVEN a shop with one customer
      const sim = await simulator();
      const shop = sim.addShop("valid-query.myshopify.com");
      const customer = shop.createCustomer({ firstName: "Анна", email: "anna@example.ru", phone: "+7 912 345-67-89", tags: ["vip"] });
      // WHEN
      const reply = await postGraphql(
        sim,
        shop.domain,
        shop.accessToken,
        `query One($id: ID!) { shop { myshopifyDomain currencyCode } customer(id: $id) { id firstName tags defaultPhoneNumber { phoneNumber } } }`,
        { id: `gid://shopify/Customer/${customer.id}` },
      );
      // THEN
      expect(reply.status).toBe(200);
      expect(reply.json.data).toEqual({
        shop: { myshopifyDomain: "valid-query.myshopify.com", currencyCode: "USD" },
        customer: { id: `gid://shopify/Customer/${customer.id}`, firstName: "Анна", tags: ["vip"], defaultPhoneNumber: { phoneNumber: "+79123456789" } },
      });
      expect(reply.json.extensions?.cost).toMatchObject({
        requestedQueryCost: expect.any(Number),
        actualQueryCost: expect.any(Number),
        throttleStatus: { maximumAvailable: 2000, restoreRate: 100 },
      });
      expect(reply.json.extensions?.cost.throttleStatus.currentlyAvailable).toBeLessThan(2000);
      expect(sim.violations).toEqual([]);
    });

    it("pages with cursors and filters with Shopify's search syntax", async () => {
      // GIVEN three orders, one of them updated later
      let clock = Date.parse("2026-11-01T10:00:00Z");
      const sim = await simulator({ now: () => clock });
      const shop = sim.addShop("paging.myshopify.com");
      const orders = [1, 2, 3].map((n) => shop.createOrder({ email: `buyer${n}@example.com`, lineItems: [{ title: "Item", price: "10.00", quantity: n }] }));
      clock = Date.parse("2026-11-02T10:00:00Z");
      shop.updateOrder(orders[0]?.id ?? 0, { note: "changed" });
      const query = `query Orders($after: String, $query: String) {
        orders(first: 2, after: $after, query: $query, sortKey: ID) { nodes { name } pageInfo { hasNextPage endCursor } }
      }`;
      // WHEN
      const first = await postGraphql(sim, shop.domain, shop.accessToken, query);
      const firstPage = first.json.data?.orders as { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      const second = await postGraphql(sim, shop.domain, shop.accessToken, query, { after: firstPage.pageInfo.endCursor });
      const recent = await postGraphql(sim, shop.domain, shop.accessToken, query, { query: "updated_at:>'2026-11-01T12:00:00Z'" });
      // THEN
      expect(firstPage.nodes.map((node) => node.name)).toEqual(["#1001", "#1002"]);
      expect(firstPage.pageInfo.hasNextPage).toBe(true);
      expect(second.json.data?.orders).toMatchObject({ nodes: [{ name: "#1003" }], pageInfo: { hasNextPage: false } });
      expect(recent.json.data?.orders).toMatchObject({ nodes: [{ name: "#1001" }] });
    });
  });

  describe("when the app sends an invalid or deprecated document", () => {
    it("answers 200 with errors like Shopify and records a violation", async () => {
      // GIVEN
      const sim = await simulator();
      const shop = sim.addShop("invalid-doc.myshopify.com");
      // WHEN
      const unknownField = await postGraphql(sim, shop.domain, shop.accessToken, `query { shop { name notAField } }`);
      const deprecated = await postGraphql(sim, shop.domain, shop.accessToken, `query { customers(first: 1) { nodes { email } } }`);
      const badVariable = await postGraphql(sim, shop.domain, shop.accessToken, `query P($s: ProductSortKeys) { products(first: 1, sortKey: $s) { nodes { id } } }`, {
        s: "PRICE",
      });
      // THEN
      for (const reply of [unknownField, deprecated, badVariable]) {
        expect(reply.status).toBe(200);
        expect(reply.json.data).toBeUndefined();
        expect(reply.json.errors?.length).toBeGreaterThan(0);
      }
      expect(sim.violations.map((violation) => violation.kind)).toEqual(["invalid-document", "deprecated-usage", "invalid-document"]);
      expect(() => sim.assertNoViolations()).toThrow(/3 violation/);
    });

    it("answers a valid query on a root field the simulator lacks with a clear error and a violation", async () => {
      const sim = await simulator();
      const shop = sim.addShop("not-implemented.myshopify.com");
      const reply = await postGraphql(sim, shop.domain, shop.accessToken, `query { abandonment(id: "gid://shopify/Abandonment/1") { id } }`);
      expect(reply.json.errors?.[0]).toMatchObject({
        message: expect.stringContaining("QueryRoot.abandonment is not implemented in the Shopify simulator"),
        extensions: { code: "NOT_IMPLEMENTED_IN_SIMULATOR" },
      });
      expect(sim.violations).toMatchObject([{ kind: "not-implemented" }]);
    });
  });

  describe("access scopes", () => {
    it("denies a field whose scope the shop did not grant, as Shopify does, without a violation", async () => {
      // GIVEN a shop that granted customers but not orders
      const sim = await simulator();
      const shop = sim.addShop("scopes.myshopify.com", { scopes: ["read_customers"] });
      // WHEN
      const reply = await postGraphql(sim, shop.domain, shop.accessToken, `query { customers(first: 1) { nodes { id } } orders(first: 1) { nodes { id } } }`);
      // THEN
      expect(reply.json.errors).toEqual([
        expect.objectContaining({ path: ["orders", "nodes"], extensions: expect.objectContaining({ code: "ACCESS_DENIED" }) }),
      ]);
      expect(reply.json.data).toBeNull();
      expect(sim.violations).toEqual([]);
    });
  });

  describe("authentication", () => {
    it("answers 401 to a missing or wrong access token and to an uninstalled shop", async () => {
      // GIVEN
      const sim = await simulator();
      const shop = sim.addShop("auth.myshopify.com", { accessToken: "shpat_right" });
      const query = `query { shop { name } }`;
      // WHEN / THEN
      expect((await postGraphql(sim, shop.domain, "shpat_wrong", query)).status).toBe(401);
      expect((await postGraphql(sim, shop.domain, "shpat_right", query)).status).toBe(200);
      shop.uninstallApp();
      expect((await postGraphql(sim, shop.domain, "shpat_right", query)).status).toBe(401);
    });
  });

  describe("throttling", () => {
    it("answers THROTTLED without data when the bucket is short, and serves again once it refills", async () => {
      // GIVEN an empty bucket that refills 100 points a second, on a clock the test moves
      let clock = Date.parse("2026-11-01T10:00:00Z");
      const sim = await simulator({ throttle: { maximumAvailable: 1000, restoreRate: 100 }, now: () => clock });
      const shop = sim.addShop("throttle.myshopify.com");
      const query = `query { products(first: 10) { nodes { id title } } }`;
      shop.throttle.setAvailable(0);
      // WHEN
      const throttled = await postGraphql(sim, shop.domain, shop.accessToken, query);
      clock += 1000;
      const recovered = await postGraphql(sim, shop.domain, shop.accessToken, query);
      // THEN
      expect(throttled.status).toBe(200);
      expect(throttled.json.data).toBeUndefined();
      expect(throttled.json.errors).toEqual([expect.objectContaining({ message: "Throttled", extensions: expect.objectContaining({ code: "THROTTLED" }) })]);
      expect(throttled.json.extensions?.cost).toMatchObject({ requestedQueryCost: 12, actualQueryCost: null, throttleStatus: { currentlyAvailable: 0 } });
      expect(recovered.json.data).toEqual({ products: { nodes: [] } });
      expect(recovered.json.extensions?.cost).toMatchObject({ actualQueryCost: 2, throttleStatus: { currentlyAvailable: 98 } });
    });

    it("refuses a query above the single-query cost limit", async () => {
      const sim = await simulator();
      const shop = sim.addShop("max-cost.myshopify.com");
      const reply = await postGraphql(sim, shop.domain, shop.accessToken, `query { products(first: 250) { nodes { id variants(first: 100) { nodes { id } } } } }`);
      expect(reply.json.errors?.[0]?.extensions?.code).toBe("MAX_COST_EXCEEDED");
    });
  });

  describe("scripted failures", () => {
    it("fails the next request with the given status, then serves normally", async () => {
      const sim = await simulator();
      const shop = sim.addShop("fail-next.myshopify.com");
      sim.failNext(503, { times: 2 });
      const query = `query { shop { name } }`;
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await postGraphql(sim, shop.domain, shop.accessToken, query)).status);
      expect(statuses).toEqual([503, 503, 200]);
      expect(sim.requests.map((request) => request.scripted)).toEqual([true, true, false]);
    });
  });
});
