import { afterEach, describe, expect, it } from "vitest";
import type { ShopifySimulator } from "../../../../sim/shopify/index";
import { postGraphql, startSim } from "./sim-test-kit";

const started: ShopifySimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

const ADDRESS = `firstName lastName company address1 address2 city province provinceCode countryCodeV2 zip phone`;
const MONEY = `shopMoney { amount currencyCode }`;
const CATALOG_PAGE = `query CatalogPage($after: String) {
  products(first: 5, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id legacyResourceId title handle vendor productType status publishedAt onlineStoreUrl descriptionHtml tags
      featuredMedia { ... on MediaImage { image { url altText } } }
      collections(first: 5) { nodes { id title handle } }
      options { name values }
      variants(first: 20) { nodes { id legacyResourceId title sku barcode price compareAtPrice inventoryQuantity availableForSale
        selectedOptions { name value } inventoryItem { id tracked measurement { weight { unit value } } } } }
    }
  }
}`;
const ORDERS_PAGE = `query OrdersPage($query: String) {
  orders(first: 5, query: $query, sortKey: UPDATED_AT) {
    nodes {
      id legacyResourceId name email phone note tags createdAt updatedAt cancelledAt displayFinancialStatus displayFulfillmentStatus currencyCode
      totalPriceSet { ${MONEY} } subtotalPriceSet { ${MONEY} } totalDiscountsSet { ${MONEY} } totalShippingPriceSet { ${MONEY} }
      customAttributes { key value } sourceIdentifier customer { id }
      billingAddress { ${ADDRESS} } shippingAddress { ${ADDRESS} }
      lineItems(first: 10) { nodes { id sku title variantTitle name quantity currentQuantity variant { id } product { id }
        originalUnitPriceSet { ${MONEY} } discountedUnitPriceSet { ${MONEY} } totalDiscountSet { ${MONEY} } discountAllocations { allocatedAmountSet { ${MONEY} } } } }
      shippingLines(first: 5) { nodes { title code originalPriceSet { ${MONEY} } discountedPriceSet { ${MONEY} } } }
    }
  }
}`;
const CUSTOMERS_PAGE = `query CustomersPage {
  customers(first: 10) { nodes {
    id firstName lastName state locale note tags createdAt updatedAt numberOfOrders amountSpent { amount currencyCode }
    defaultEmailAddress { emailAddress marketingState marketingOptInLevel marketingUpdatedAt }
    defaultPhoneNumber { phoneNumber }
    defaultAddress { ${ADDRESS} }
    addressesV2(first: 5) { nodes { ${ADDRESS} } }
  } }
}`;

describe("seedDemo of the Shopify simulator", () => {
  it("fills a shop with varied data that the app's catalog, order and customer queries read without gaps", async () => {
    // GIVEN
    const sim = await startSim();
    started.push(sim);
    const seed = sim.seedDemo("seeded.myshopify.com");
    const shop = sim.shop("seeded.myshopify.com");
    // WHEN
    const catalog = await postGraphql(sim, shop.domain, shop.accessToken, CATALOG_PAGE);
    const catalogNext = await postGraphql(sim, shop.domain, shop.accessToken, CATALOG_PAGE, {
      after: (catalog.json.data?.products as { pageInfo: { endCursor: string } }).pageInfo.endCursor,
    });
    const orders = await postGraphql(sim, shop.domain, shop.accessToken, ORDERS_PAGE, { query: "status:any" });
    const customers = await postGraphql(sim, shop.domain, shop.accessToken, CUSTOMERS_PAGE);
    // THEN
    for (const reply of [catalog, catalogNext, orders, customers]) expect(reply.json.errors).toBeUndefined();
    sim.assertNoViolations();
    expect(sim.webhooks.events).toEqual([]);

    const products = [catalog, catalogNext].flatMap((reply) => (reply.json.data?.products as { nodes: Record<string, unknown>[] }).nodes);
    expect(products.map((product) => product.status)).toEqual(expect.arrayContaining(["ACTIVE", "DRAFT", "ARCHIVED"]));
    expect(products.some((product) => (product.collections as { nodes: unknown[] }).nodes.length === 0 && product.status === "ACTIVE")).toBe(true);
    const units = new Set(
      products.flatMap((product) =>
        (product.variants as { nodes: { inventoryItem: { measurement: { weight: { unit: string } | null } } }[] }).nodes.map(
          (variant) => variant.inventoryItem.measurement.weight?.unit,
        ),
      ),
    );
    expect([...units]).toEqual(expect.arrayContaining(["GRAMS", "KILOGRAMS", "OUNCES", "POUNDS"]));

    const customerNodes = (customers.json.data?.customers as { nodes: { firstName: string | null; addressesV2: { nodes: { address2: string | null; phone: string | null }[] }; defaultPhoneNumber: { phoneNumber: string } | null }[] }).nodes;
    expect(customerNodes.map((customer) => customer.firstName)).toEqual(expect.arrayContaining(["Анна", "太郎", "Jürgen"]));
    expect(customerNodes.flatMap((customer) => customer.addressesV2.nodes.map((address) => address.address2))).toEqual(expect.arrayContaining(["кв. 12", "305号室"]));
    const olga = customerNodes.find((customer) => customer.firstName === "Ольга");
    expect(new Set([olga?.defaultPhoneNumber?.phoneNumber, ...(olga?.addressesV2.nodes.map((address) => address.phone) ?? [])]).size).toBe(3);

    const orderNodes = (orders.json.data?.orders as { nodes: { displayFinancialStatus: string; cancelledAt: string | null; lineItems: { nodes: { variant: unknown }[] } }[] }).nodes;
    expect(orderNodes.map((order) => order.displayFinancialStatus)).toEqual(expect.arrayContaining(["PAID", "PENDING", "AUTHORIZED", "VOIDED"]));
    expect(orderNodes.some((order) => order.cancelledAt !== null)).toBe(true);
    expect(orderNodes.some((order) => order.lineItems.nodes.some((item) => item.variant === null))).toBe(true);
    expect(seed.orders).toHaveLength(5);
  });
});
