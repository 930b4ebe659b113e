import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startPipelineKit, type PipelineKit, type PipelineShop } from "./pipeline-kit";
import { uniqueEmail } from "../../helpers/unique";

// Shopify's delivery habits, end to end: the same event delivered several times, events arriving out of order,
// a body that is not JSON, and a request that is not signed with the app's secret.

let kit: PipelineKit;

beforeAll(async () => {
  kit = await startPipelineKit();
}, 120_000);

afterEach(() => {
  kit.shopify.webhooks.duplicate(1);
  kit.crm.setFaults({ latencyMs: 0 });
});

afterAll(async () => {
  kit?.shopify.assertNoViolations();
  await kit?.close();
});

function deliveriesOf(shop: PipelineShop) {
  return kit.shopify.webhooks.deliveries.filter((delivery) => delivery.shop === shop.domain);
}

function writePaths(shop: PipelineShop): string[] {
  return shop.crmWrites().map((request) => request.path);
}

describe("duplicate deliveries", () => {
  it("three copies of every event create one CRM customer and one CRM order, with no extra CRM writes", async () => {
    // GIVEN a connected shop and Shopify delivering every event three times (same webhook and event ids)
    const shop = await kit.newShop();
    kit.shopify.webhooks.duplicate(3);

    // WHEN the merchant adds a customer (create, tags and consent events) and then an order for them
    const customer = shop.sim.createCustomer({
      firstName: "Dup",
      lastName: "Licate",
      email: uniqueEmail("dup"),
      tags: ["repeat"],
      emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" },
    });
    await shop.settle();
    const order = shop.sim.createOrder({ customerId: customer.id, note: "once", lineItems: [{ title: "Mug", price: "9.00", quantity: 1 }] });
    await shop.settle();

    // THEN every copy was acknowledged, the inbox kept each event once, and all were processed
    const deliveries = deliveriesOf(shop);
    const eventIds = new Set(deliveries.map((delivery) => delivery.eventId));
    expect(deliveries).toHaveLength(eventIds.size * 3);
    expect(deliveries.every((delivery) => delivery.state === "delivered" && delivery.attempts.every((attempt) => attempt.status === 200))).toBe(true);
    const events = await kit.db.webhookEvent.findMany({ where: { shop: shop.domain }, select: { eventId: true, status: true } });
    expect(events.map((event) => event.eventId).sort()).toEqual([...eventIds].sort());
    expect(events.every((event) => event.status === "processed")).toBe(true);
    // AND RetailCRM holds one customer and one order, written once each
    expect(shop.crmCustomers().map((c) => c.externalId)).toEqual([String(customer.id)]);
    expect(shop.crmOrders().map((o) => o.externalId)).toEqual([String(order.id)]);
    expect(writePaths(shop)).toEqual(["/api/v5/customers/create", "/api/v5/orders/create"]);
  });
});

describe("deliveries out of order", () => {
  it("a create and three updates of one order delivered newest first leave the CRM order in the newest state, created once", async () => {
    // GIVEN a synced customer, and Shopify holding deliveries to release them in reverse order
    const shop = await kit.newShop();
    const customer = shop.sim.createCustomer({ firstName: "Rev", lastName: "Erse", email: uniqueEmail("rev") });
    await shop.settle();
    const writesBefore = shop.crmWrites();
    kit.shopify.webhooks.reorder("reverse");

    // WHEN the merchant creates an order and changes its note and shipping address three times
    const order = shop.sim.createOrder({
      customerId: customer.id,
      note: "v1",
      lineItems: [{ title: "Lamp", price: "40.00", quantity: 1 }],
      shippingAddress: { firstName: "Rev", address1: "1 First St", city: "Denver", provinceCode: "CO", countryCode: "US", zip: "80202" },
    });
    shop.sim.updateOrder(order.id, { note: "v2" });
    shop.sim.updateOrder(order.id, { note: "v3", shippingAddress: { firstName: "Rev", address1: "3 Third St", address2: "Unit 9", city: "Denver", provinceCode: "CO", countryCode: "US", zip: "80203" } });
    shop.sim.updateOrder(order.id, { note: "v4 final" });
    const held = deliveriesOf(shop).filter((delivery) => delivery.state === "held").map((delivery) => delivery.topic);
    expect(held).toEqual(["orders/create", "orders/updated", "orders/updated", "orders/updated"]);
    await kit.shopify.webhooks.flush();
    await shop.settle();

    // THEN the CRM holds one order, in the newest state: the older deliveries, processed after it, changed nothing
    expect(shop.crmOrders()).toHaveLength(1);
    expect(shop.crmOrder(order.id)).toMatchObject({ managerComment: "v4 final", delivery: { address: { text: "3 Third St||Unit 9", index: "80203" } } });
    const orderWrites = shop.crmWrites().slice(writesBefore.length);
    expect(orderWrites.filter((request) => request.path === "/api/v5/orders/create")).toHaveLength(1);
    expect(orderWrites.at(-1)?.body).toMatchObject({ order: { managerComment: "v4 final" } });
    const statuses = await kit.db.webhookEvent.findMany({ where: { shop: shop.domain, topic: { startsWith: "orders/" } }, select: { status: true } });
    expect(statuses.map((row) => row.status)).toEqual(["processed", "processed", "processed", "processed"]);
  });
});

describe("new buyer", () => {
  it("customers/create and orders/create of a new buyer arriving together write the CRM customer once", async () => {
    // Regression: workers/handlers/index.ts builds createCustomerHandler/createOrderHandler without `lock` (nor
    // `backlog`), so the order's job sends the buyer while the customer's own job does too: two customers/create
    // requests (one refused as "already exists") and an edit.
    // GIVEN a connected shop, a CRM that takes a moment per request, and both deliveries released together
    const shop = await kit.newShop();
    kit.crm.setFaults({ latencyMs: 300 });
    kit.shopify.webhooks.pause();
    // WHEN a new buyer places an order (customers/create and orders/create)
    const order = shop.sim.createOrder({ customer: { firstName: "New", lastName: "Buyer", email: uniqueEmail("new") }, lineItems: [{ title: "Pen", price: "2.00", quantity: 1 }] });
    await kit.shopify.webhooks.flush();
    await shop.settle();
    // THEN one CRM customer, bound to the order, written with one request
    expect(shop.crmCustomers()).toHaveLength(1);
    expect(shop.crmOrder(order.id)?.customer).toMatchObject({ externalId: String(order.customerId) });
    expect(writePaths(shop).filter((path) => path.startsWith("/api/v5/customers"))).toEqual(["/api/v5/customers/create"]);
  });
});

describe("malformed and unsigned deliveries", () => {
  it("a signed body that is not JSON is acknowledged, kept as a failed event with a ledger row, and later deliveries still sync", async () => {
    // GIVEN a connected shop
    const shop = await kit.newShop();
    const workerOutputBefore = kit.worker.output().length;
    // WHEN Shopify sends an orders/create whose body is cut off, with a valid signature
    const attempt = await kit.shopify.webhooks.sendRaw(shop.domain, "orders/create", '{"id": 820982911946154508, "name": "#1001", "line_items": [');
    const sent = deliveriesOf(shop).at(-1)!;

    // THEN the app answers 200 (a retry could not help) and keeps the event as failed, with a ledger row in plain words
    expect(attempt.status).toBe(200);
    const event = await kit.db.webhookEvent.findUnique({ where: { shop_eventId: { shop: shop.domain, eventId: sent.eventId } } });
    expect(event).toMatchObject({ topic: "orders/create", status: "failed" });
    const ledger = await kit.db.syncRecord.findFirst({ where: { shop: shop.domain, entity: "webhook", sourceId: sent.eventId } });
    expect(ledger).toMatchObject({ state: "failed" });
    expect(ledger?.lastError).toMatch(/not valid JSON/);

    // WHEN a normal order follows
    const order = shop.sim.createOrder({ email: uniqueEmail("after"), lineItems: [{ title: "Cup", price: "4.00", quantity: 2 }] });
    await shop.settle();
    // THEN it reaches the CRM: nothing crashed
    expect(shop.crmOrder(order.id)).toMatchObject({ items: [{ productName: "Cup", quantity: 2 }] });
    expect(kit.worker.isRunning()).toBe(true);
    expect(kit.worker.output().slice(workerOutputBefore)).not.toMatch(/"level":(50|60)/);
  });

  it("a body signed with another secret gets 401 and nothing is stored or synced", async () => {
    // GIVEN a connected shop and a well-formed order payload
    const shop = await kit.newShop();
    const body = JSON.stringify({ id: 4500000001, admin_graphql_api_id: "gid://shopify/Order/4500000001", name: "#1001", line_items: [] });
    // WHEN it arrives with a signature that does not match
    const attempt = await kit.shopify.webhooks.sendRaw(shop.domain, "orders/create", body, { badHmac: true });
    // THEN the app refuses it, stores no event and sends nothing to the CRM
    expect(attempt.status).toBe(401);
    await shop.settle();
    expect(await kit.db.webhookEvent.count({ where: { shop: shop.domain } })).toBe(0);
    expect(await kit.db.syncRecord.count({ where: { shop: shop.domain } })).toBe(0);
    expect(shop.crmRequests()).toEqual([]);
  });
});
