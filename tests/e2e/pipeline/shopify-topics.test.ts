import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifySimulator } from "../../../sim/shopify/index";
import { startPipelineKit, type PipelineKit, type PipelineShop } from "./pipeline-kit";
import { uniqueEmail } from "../../helpers/unique";

// Every customer and order topic the connector handles, end to end: the simulated merchant acts, Shopify's signed
// webhooks reach the built app over HTTP, the worker process syncs, and the RetailCRM simulator holds the result.

let kit: PipelineKit;

beforeAll(async () => {
  kit = await startPipelineKit();
}, 120_000);

afterAll(async () => {
  kit?.shopify.assertNoViolations();
  await kit?.close();
});

/** Runs `act` with these topics unsubscribed, so the change reaches the app only through the topics left. */
async function withTopicsUnsubscribed(shopify: ShopifySimulator, topics: string[], act: () => Promise<void>): Promise<void> {
  const paths = shopify.webhooks.subscriptions();
  for (const topic of topics) shopify.webhooks.unsubscribe(topic);
  try {
    await act();
  } finally {
    for (const topic of topics) shopify.webhooks.subscribe(topic, paths[topic] ?? `/webhooks/${topic}`);
  }
}

/** The topics Shopify delivered to the app for the shop since `from` (an index into the delivery log). */
function deliveredTopics(shop: PipelineShop, from: number): string[] {
  return kit.shopify.webhooks.deliveries
    .slice(from)
    .filter((delivery) => delivery.shop === shop.domain)
    .map((delivery) => delivery.topic);
}

async function expectEveryEventProcessed(shop: PipelineShop) {
  const events = await kit.db.webhookEvent.groupBy({ by: ["topic", "status"], where: { shop: shop.domain }, _count: { _all: true } });
  expect(events.filter((group) => group.status !== "processed"), kit.describeProcesses()).toEqual([]);
  return new Set(events.map((group) => group.topic));
}

describe("customer topics", () => {
  it("customers/create: the CRM customer gets names, e-mail, E.164 phones once each, the default address as address1||address2, tags and consent", async () => {
    // GIVEN a connected shop
    const shop = await kit.newShop();
    const email = uniqueEmail("anna");
    // WHEN the merchant adds a customer with tags, e-mail consent, a phone and two addresses (the first, the
    // default, with an apartment and the same phone written another way)
    const customer = shop.sim.createCustomer({
      firstName: "Анна",
      lastName: "Петрова-Смит",
      email,
      phone: "+1 415-555-0100",
      tags: ["vip", "оптовик"],
      emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" },
      addresses: [
        { address1: "1 Market St", address2: "Apt 4", city: "San Francisco", provinceCode: "CA", countryCode: "US", zip: "94105", phone: "(415) 555-0100" },
        { address1: "Unter den Linden 5", city: "Berlin", countryCode: "DE", zip: "10117", phone: "030 1234567" },
      ],
    });
    await shop.settle();

    // THEN the CRM has that one customer, complete
    expect(shop.crmCustomers()).toHaveLength(1);
    expect(shop.crmCustomer(customer.id)).toMatchObject({
      firstName: "Анна",
      lastName: "Петрова-Смит",
      email,
      phones: [{ number: "+14155550100" }, { number: "+49301234567" }],
      address: { text: "1 Market St||Apt 4", index: "94105", countryIso: "US", region: "CA", city: "San Francisco" },
      tags: [{ name: "vip" }, { name: "оптовик" }],
      subscribed: true,
      emailMarketingUnsubscribedAt: null,
    });
    // AND it came through the create, tags and consent topics, all processed
    const topics = await expectEveryEventProcessed(shop);
    expect([...topics].sort()).toEqual(["customer.tags_added", "customers/create", "customers_email_marketing_consent/update"]);
  });

  it("customer.tags_added, customer.tags_removed and customers_email_marketing_consent/update each carry their change on their own", async () => {
    // GIVEN a synced customer with one tag who subscribed to e-mail marketing
    const shop = await kit.newShop();
    const customer = shop.sim.createCustomer({
      firstName: "Ivan",
      email: uniqueEmail("ivan"),
      tags: ["vip"],
      emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" },
    });
    await shop.settle();
    expect(shop.crmCustomer(customer.id)).toMatchObject({ tags: [{ name: "vip" }], subscribed: true });

    await withTopicsUnsubscribed(kit.shopify, ["customers/update"], async () => {
      // WHEN a tag is added (customers/update is not subscribed, so only customer.tags_added tells the app)
      let from = kit.shopify.webhooks.deliveries.length;
      shop.sim.updateCustomer(customer.id, { tags: ["vip", "wholesale"] });
      await shop.settle();
      // THEN the CRM customer has both tags
      expect(deliveredTopics(shop, from)).toEqual(["customer.tags_added"]);
      expect(shop.crmCustomer(customer.id)?.tags).toMatchObject([{ name: "vip" }, { name: "wholesale" }]);

      // WHEN a tag is removed
      from = kit.shopify.webhooks.deliveries.length;
      shop.sim.updateCustomer(customer.id, { tags: ["wholesale"] });
      await shop.settle();
      // THEN the CRM customer keeps only the other one
      expect(deliveredTopics(shop, from)).toEqual(["customer.tags_removed"]);
      expect(shop.crmCustomer(customer.id)?.tags).toMatchObject([{ name: "wholesale" }]);

      // WHEN the customer unsubscribes from e-mail marketing
      from = kit.shopify.webhooks.deliveries.length;
      shop.sim.updateCustomer(customer.id, { emailMarketingConsent: { marketingState: "UNSUBSCRIBED" } });
      await shop.settle();
      // THEN the CRM customer is unsubscribed, with the date
      expect(deliveredTopics(shop, from)).toEqual(["customers_email_marketing_consent/update"]);
      expect(shop.crmCustomer(customer.id)).toMatchObject({ subscribed: false, emailMarketingUnsubscribedAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/) });
    });
    await expectEveryEventProcessed(shop);
    expect(shop.crmCustomers()).toHaveLength(1);
  });

  it("customers/update: the CRM customer follows new names, phone and default address", async () => {
    // GIVEN a synced customer with an apartment in the address
    const shop = await kit.newShop();
    const customer = shop.sim.createCustomer({
      firstName: "Olga",
      lastName: "Ivanova",
      email: uniqueEmail("olga"),
      phone: "+44 20 7946 0958",
      addresses: [{ address1: "10 Downing St", address2: "Flat 2", city: "London", countryCode: "GB", zip: "SW1A 2AA" }],
    });
    await shop.settle();
    expect(shop.crmCustomer(customer.id)?.address).toMatchObject({ text: "10 Downing St||Flat 2" });

    // WHEN the merchant renames her, changes the phone and replaces the address with one without an apartment
    const from = kit.shopify.webhooks.deliveries.length;
    shop.sim.updateCustomer(customer.id, {
      lastName: "Smirnova",
      phone: "+44 20 7946 0000",
      addresses: [{ address1: "221B Baker St", city: "London", countryCode: "GB", zip: "NW1 6XE", phone: "020 7946 0000" }],
    });
    await shop.settle();

    // THEN the same CRM customer has the new values; the address text is address1 alone
    expect(deliveredTopics(shop, from)).toEqual(["customers/update"]);
    expect(shop.crmCustomers()).toHaveLength(1);
    expect(shop.crmCustomer(customer.id)).toMatchObject({
      firstName: "Olga",
      lastName: "Smirnova",
      phones: [{ number: "+442079460000" }],
      address: { text: "221B Baker St", index: "NW1 6XE", countryIso: "GB", city: "London" },
    });
    await expectEveryEventProcessed(shop);
  });
});

describe("order topics", () => {
  it("orders/create, orders/updated, orders/edited, orders/paid and orders/fulfilled: the CRM order follows the order through its life", async () => {
    // GIVEN a shop registered and connected with the operator CLI, whose catalog (one product) the CRM loaded
    let variantId = 0;
    const shop = await kit.newShop({
      viaCli: true,
      prepare(sim) {
        variantId = sim.createProduct({ title: "Teapot", variants: [{ price: "25.00", sku: "TP-1" }] }).variants[0]!.id;
      },
    });
    const load = await kit.crm.loadCatalog(shop.site);
    expect(load, JSON.stringify(load)).toMatchObject({ ok: true });
    const email = uniqueEmail("buyer");

    // WHEN a new buyer orders two teapots (1.00 off each) and a custom gift wrap, with a note, delivery to an
    // apartment and a different billing address
    const order = shop.sim.createOrder({
      customer: { firstName: "Мария", lastName: "Кузнецова", email, phone: "+1 212 555 0199" },
      note: "Leave at the door",
      lineItems: [
        { variantId, quantity: 2, discount: "2.00" },
        { title: "Gift wrap", price: "5.00", quantity: 1 },
      ],
      shippingLines: [{ title: "Standard", price: "10.00" }],
      shippingAddress: { firstName: "Мария", lastName: "Кузнецова", address1: "5 Park Ave", address2: "Suite 12", city: "New York", provinceCode: "NY", countryCode: "US", zip: "10016" },
      billingAddress: { address1: "1 Billing Rd", city: "Boston", provinceCode: "MA", countryCode: "US", zip: "02101" },
    });
    await shop.settle();

    // THEN the CRM order has the number, the buyer (created first and bound), the items (the custom one as a free
    // item), the delivery to the shipping address, the note as the operator's comment and an unpaid payment
    const customerId = order.customerId!;
    expect(shop.crmCustomers()).toHaveLength(1);
    expect(shop.crmOrders()).toHaveLength(1);
    const created = shop.crmOrder(order.id);
    expect(created).toMatchObject({
      number: "#1001",
      status: "new",
      firstName: "Мария",
      lastName: "Кузнецова",
      email,
      phone: "+12125550199",
      managerComment: "Leave at the door",
      customer: { externalId: String(customerId) },
      delivery: { code: "courier", cost: 10, address: { text: "5 Park Ave||Suite 12", index: "10016", countryIso: "US", city: "New York" } },
    });
    const [teapot, giftWrap] = created!.items as Array<Record<string, unknown>>;
    expect(teapot).toMatchObject({ quantity: 2, initialPrice: 25, discountManualAmount: 1, offer: { externalId: String(variantId), id: expect.any(Number) } });
    expect(giftWrap).toMatchObject({ productName: "Gift wrap", quantity: 1, initialPrice: 5, offer: { name: "Gift wrap" } });
    expect(giftWrap!.offer).not.toHaveProperty("id");
    expect(Object.values(created!.payments as Record<string, unknown>)).toMatchObject([{ type: "bank-card", status: "not-paid", amount: 63 }]);

    // WHEN the merchant changes the note (orders/updated)
    shop.sim.updateOrder(order.id, { note: "Ring twice" });
    await shop.settle();
    // THEN the operator's comment follows
    expect(shop.crmOrder(order.id)?.managerComment).toBe("Ring twice");

    // WHEN the merchant adds a custom item in an order edit (orders/edited, then orders/updated with the order)
    shop.sim.editOrder(order.id, { addCustomItems: [{ title: "Greeting card", price: "3.00", quantity: 1 }] });
    await shop.settle();
    // THEN the CRM order has the third line, and its payment the new total
    const edited = shop.crmOrder(order.id);
    expect((edited?.items as Array<Record<string, unknown>>).map((item) => item.productName)).toEqual(["Teapot", "Gift wrap", "Greeting card"]);
    expect(Object.values(edited!.payments as Record<string, unknown>)).toMatchObject([{ status: "not-paid", amount: 66 }]);

    await withTopicsUnsubscribed(kit.shopify, ["orders/updated"], async () => {
      // WHEN the order is paid (orders/paid alone: orders/updated is not subscribed)
      shop.sim.markOrderPaid(order.id);
      await shop.settle();
      // THEN its CRM payment is paid and the status stays "new" (the default map leaves paid orders new)
      const paid = shop.crmOrder(order.id);
      expect(Object.values(paid!.payments as Record<string, unknown>)).toMatchObject([{ type: "bank-card", status: "paid", amount: 66 }]);
      expect(paid?.status).toBe("new");

      // WHEN the order is fulfilled (orders/fulfilled alone)
      shop.sim.fulfillOrder(order.id);
      await shop.settle();
      // THEN the CRM order is complete
      expect(shop.crmOrder(order.id)?.status).toBe("complete");
    });

    // AND every topic of the order's life reached the app and was processed; nothing was created twice
    const topics = await expectEveryEventProcessed(shop);
    expect([...topics].filter((topic) => topic.startsWith("orders/")).sort()).toEqual(["orders/create", "orders/edited", "orders/fulfilled", "orders/paid", "orders/updated"]);
    expect(shop.crmCustomers()).toHaveLength(1);
    expect(shop.crmOrders()).toHaveLength(1);
    expect(kit.crm.snapshot().payments.filter((payment) => payment.orderId === created!.id)).toHaveLength(1);
  });

  it("orders/cancelled: the CRM order gets the cancelled status of the default map", async () => {
    // GIVEN a synced open order of a guest (no customer account)
    const shop = await kit.newShop();
    const order = shop.sim.createOrder({
      email: uniqueEmail("guest"),
      lineItems: [{ title: "Custom engraving", price: "12.50", quantity: 1 }],
      shippingAddress: { firstName: "Guest", address1: "2 Main St", city: "Austin", provinceCode: "TX", countryCode: "US", zip: "73301" },
    });
    await shop.settle();
    expect(shop.crmOrder(order.id)).toMatchObject({ status: "new" });

    // WHEN the merchant cancels it (orders/cancelled alone: orders/updated is not subscribed)
    await withTopicsUnsubscribed(kit.shopify, ["orders/updated"], async () => {
      shop.sim.cancelOrder(order.id, { reason: "CUSTOMER" });
      await shop.settle();
    });

    // THEN the CRM order is cancelled
    expect(shop.crmOrder(order.id)).toMatchObject({ status: "cancel-other", items: [{ productName: "Custom engraving", initialPrice: 12.5 }] });
    expect(shop.crmOrders()).toHaveLength(1);
    const topics = await expectEveryEventProcessed(shop);
    expect([...topics].sort()).toEqual(["orders/cancelled", "orders/create"]);
  });
});
