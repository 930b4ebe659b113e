import { afterEach, describe, expect, it } from "vitest";
import type { ShopifySimulator } from "../../../../sim/shopify/index";
import { postGraphql, startSim } from "./sim-test-kit";

const started: ShopifySimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

async function shopWithClock(domain: string) {
  const clock = { now: Date.parse("2026-11-01T10:00:00Z") };
  const sim = await startSim({ now: () => clock.now });
  started.push(sim);
  const shop = sim.addShop(domain);
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const reply = await postGraphql(sim, domain, shop.accessToken, query, variables);
    expect(reply.json.errors).toBeUndefined();
    return reply.json.data as Record<string, Record<string, unknown>>;
  };
  return { sim, shop, gql, clock };
}

const CUSTOMER_CREATE = `mutation Create($input: CustomerInput!) {
  customerCreate(input: $input) { customer { id updatedAt } userErrors { field message } }
}`;
const CUSTOMER_SET = `mutation Set($identifier: CustomerSetIdentifiers, $input: CustomerSetInput!) {
  customerSet(identifier: $identifier, input: $input) {
    customer { id firstName updatedAt defaultEmailAddress { emailAddress } addressesV2(first: 5) { nodes { address2 } } }
    userErrors { code field message }
  }
}`;

describe("Admin API mutations in the Shopify simulator", () => {
  describe("customerCreate", () => {
    it("refuses an e-mail or phone another customer has, with TAKEN-style user errors", async () => {
      // GIVEN a customer with that e-mail and phone
      const { shop, gql } = await shopWithClock("create-taken.myshopify.com");
      shop.createCustomer({ email: "Taken@Example.com", phone: "+1 650 253 0000" });
      // WHEN
      const byEmail = await gql(CUSTOMER_CREATE, { input: { email: "taken@example.com" } });
      const byPhone = await gql(CUSTOMER_CREATE, { input: { firstName: "B", phone: "+16502530000" } });
      // THEN
      expect(byEmail.customerCreate).toEqual({ customer: null, userErrors: [{ field: ["email"], message: "Email has already been taken" }] });
      expect(byPhone.customerCreate).toEqual({ customer: null, userErrors: [{ field: ["phone"], message: "Phone has already been taken" }] });
      expect(shop.customers()).toHaveLength(1);
    });

    it("creates the customer and sends customers/create and customer.tags_added", async () => {
      const { sim, gql } = await shopWithClock("create-ok.myshopify.com");
      const data = await gql(CUSTOMER_CREATE, { input: { firstName: "Анна", email: "anna@example.ru", tags: ["crm"] } });
      expect(data.customerCreate?.userErrors).toEqual([]);
      expect(sim.webhooks.events.map((event) => event.topic)).toEqual(["customers/create", "customer.tags_added"]);
      const payload = sim.webhooks.events[0]?.payload as Record<string, unknown>;
      expect(payload).not.toHaveProperty("tags");
      expect(payload).not.toHaveProperty("email_marketing_consent");
      expect(payload).toMatchObject({ first_name: "Анна", email: "anna@example.ru", created_at: "2026-11-01T05:00:00-05:00" });
    });
  });

  describe("customerSet", () => {
    it("creates, then updates through the e-mail identifier, replacing the address list and moving updatedAt", async () => {
      // GIVEN
      const { shop, gql, clock } = await shopWithClock("set-upsert.myshopify.com");
      const input = { email: "olga@example.ru", firstName: "Ольга", addresses: [{ address1: "Невский 28", address2: "кв. 5", countryCode: "RU" }] };
      // WHEN
      const created = await gql(CUSTOMER_SET, { identifier: { email: "olga@example.ru" }, input });
      clock.now += 5000;
      const updated = await gql(CUSTOMER_SET, {
        identifier: { email: "olga@example.ru" },
        input: { ...input, firstName: "Ольга Н.", addresses: [{ address1: "Ленина 1", address2: "офис 301", countryCode: "RU" }] },
      });
      // THEN
      const before = created.customerSet?.customer as { id: string; updatedAt: string };
      const after = updated.customerSet?.customer as { id: string; updatedAt: string; firstName: string; addressesV2: unknown };
      expect(after.id).toBe(before.id);
      expect(after.firstName).toBe("Ольга Н.");
      expect(after.addressesV2).toEqual({ nodes: [{ address2: "офис 301" }] });
      expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
      expect(shop.customers()).toHaveLength(1);
    });

    it("answers TAKEN, INPUT_MISMATCH and NOT_FOUND with codes", async () => {
      const { shop, gql } = await shopWithClock("set-errors.myshopify.com");
      shop.createCustomer({ email: "first@example.com" });
      const second = shop.createCustomer({ email: "second@example.com" });
      const taken = await gql(CUSTOMER_SET, { identifier: { id: `gid://shopify/Customer/${second.id}` }, input: { email: "first@example.com" } });
      const mismatch = await gql(CUSTOMER_SET, { identifier: { email: "a@example.com" }, input: { email: "b@example.com" } });
      const missing = await gql(CUSTOMER_SET, { identifier: { id: "gid://shopify/Customer/1" }, input: { firstName: "X" } });
      expect(taken.customerSet?.userErrors).toEqual([{ code: "TAKEN", field: ["input", "email"], message: "Email has already been taken" }]);
      expect(mismatch.customerSet?.userErrors).toEqual([expect.objectContaining({ code: "INPUT_MISMATCH" })]);
      expect(missing.customerSet?.userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND" })]);
    });

    it("changes nothing and sends nothing when the input matches the customer", async () => {
      const { sim, shop, gql } = await shopWithClock("set-noop.myshopify.com");
      const customer = shop.createCustomer({ email: "same@example.com", firstName: "Same" });
      const eventsBefore = sim.webhooks.events.length;
      await gql(CUSTOMER_SET, { identifier: { email: "same@example.com" }, input: { email: "same@example.com", firstName: "Same" } });
      expect(sim.webhooks.events.length).toBe(eventsBefore);
      expect(shop.customer(customer.id)?.updatedAt).toBe(customer.updatedAt);
    });
  });

  describe("marketing consent", () => {
    it("takes consent only through the dedicated mutation and sends customers_email_marketing_consent/update", async () => {
      // GIVEN
      const { sim, shop, gql } = await shopWithClock("consent.myshopify.com");
      const customer = shop.createCustomer({ email: "consent@example.com" });
      const id = `gid://shopify/Customer/${customer.id}`;
      const consent = { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" };
      // WHEN
      const viaUpdate = await gql(`mutation U($input: CustomerInput!) { customerUpdate(input: $input) { customer { id } userErrors { field message } } }`, {
        input: { id, emailMarketingConsent: consent },
      });
      const viaConsent = await gql(
        `mutation C($input: CustomerEmailMarketingConsentUpdateInput!) {
          customerEmailMarketingConsentUpdate(input: $input) { customer { defaultEmailAddress { marketingState } } userErrors { code field message } }
        }`,
        { input: { customerId: id, emailMarketingConsent: consent } },
      );
      // THEN
      expect(viaUpdate.customerUpdate?.userErrors).toEqual([expect.objectContaining({ field: ["emailMarketingConsent"] })]);
      expect(viaConsent.customerEmailMarketingConsentUpdate).toEqual({ customer: { defaultEmailAddress: { marketingState: "SUBSCRIBED" } }, userErrors: [] });
      expect(sim.webhooks.events.at(-1)).toMatchObject({
        topic: "customers_email_marketing_consent/update",
        payload: { customer_id: customer.id, email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in" } },
      });
    });
  });

  describe("tagsAdd, tagsRemove and order mutations", () => {
    it("adds and removes customer tags with the camelCase tag topics", async () => {
      const { sim, shop, gql } = await shopWithClock("tags.myshopify.com");
      const customer = shop.createCustomer({ email: "t@example.com", tags: ["old"] });
      const id = `gid://shopify/Customer/${customer.id}`;
      await gql(`mutation A($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { message } } }`, { id, tags: ["crm, vip"] });
      await gql(`mutation R($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { id } userErrors { message } } }`, { id, tags: ["old"] });
      expect(shop.customer(customer.id)?.tags).toEqual(["crm", "vip"]);
      const tagEvents = sim.webhooks.events.filter((event) => event.topic.startsWith("customer.tags"));
      expect(tagEvents.map((event) => [event.topic, (event.payload as { tags: string[] }).tags])).toEqual([
        ["customer.tags_added", ["old"]],
        ["customer.tags_added", ["crm", "vip"]],
        ["customer.tags_removed", ["old"]],
      ]);
      expect(tagEvents[1]?.payload).toMatchObject({ customerId: id, occurredAt: expect.any(String) });
    });

    it("creates an order from the API with an upserted customer, without touching stock by default", async () => {
      // GIVEN a product with 5 in stock
      const { sim, shop, gql } = await shopWithClock("order-create.myshopify.com");
      const product = shop.createProduct({ title: "Tea", variants: [{ sku: "TEA", price: "4.50", inventoryQuantity: 5 }] });
      const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });
      const mutation = `mutation Create($order: OrderCreateOrderInput!) {
        orderCreate(order: $order) { order { name sourceIdentifier displayFinancialStatus customer { defaultEmailAddress { emailAddress } }
          totalPriceSet { shopMoney { amount } } lineItems(first: 5) { nodes { sku quantity } } } userErrors { code field message } }
      }`;
      // WHEN
      const created = await gql(mutation, {
        order: {
          customer: { toUpsert: { email: "crm@example.com", firstName: "Из CRM" } },
          lineItems: [
            { variantId: `gid://shopify/ProductVariant/${product.variants[0]?.id}`, quantity: 2 },
            { title: "Доставка на этаж", priceSet: money("1.00"), quantity: 1 },
          ],
          shippingLines: [{ title: "Courier", priceSet: money("2.00") }],
          transactions: [{ amountSet: money("12.00"), kind: "SALE", status: "SUCCESS" }],
          sourceIdentifier: "crm-42",
        },
      });
      const refused = await gql(mutation, { order: { customer: { toAssociate: { email: "nobody@example.com" } }, lineItems: [{ title: "X", priceSet: money("1.00"), quantity: 1 }] } });
      // THEN
      expect(created.orderCreate).toEqual({
        order: {
          name: "#1001",
          sourceIdentifier: "crm-42",
          displayFinancialStatus: "PAID",
          customer: { defaultEmailAddress: { emailAddress: "crm@example.com" } },
          totalPriceSet: { shopMoney: { amount: "12.0" } },
          lineItems: { nodes: [{ sku: "TEA", quantity: 2 }, { sku: null, quantity: 1 }] },
        },
        userErrors: [],
      });
      expect(refused.orderCreate).toEqual({ order: null, userErrors: [{ code: "INVALID", field: ["order", "customer", "toAssociate"], message: "Customer not found" }] });
      expect(shop.product(product.id)?.variants[0]?.inventoryQuantity).toBe(5);
      expect(sim.webhooks.events.map((event) => event.topic)).toEqual(["products/create", "customers/create", "orders/create", "orders/paid"]);
    });

    it("updates, marks as paid and cancels an order, each with its webhooks", async () => {
      // GIVEN a pending order
      const { sim, shop, gql } = await shopWithClock("orders.myshopify.com");
      const order = shop.createOrder({ email: "o@example.com", lineItems: [{ title: "Custom", price: "12.50", quantity: 2 }] });
      const id = `gid://shopify/Order/${order.id}`;
      // WHEN
      const updated = await gql(`mutation U($input: OrderInput!) { orderUpdate(input: $input) { order { note tags } userErrors { field message } } }`, {
        input: { id, note: "Комментарий оператора", tags: ["crm"] },
      });
      const paid = await gql(`mutation P($input: OrderMarkAsPaidInput!) { orderMarkAsPaid(input: $input) { order { displayFinancialStatus totalOutstandingSet { shopMoney { amount } } } userErrors { message } } }`, {
        input: { id },
      });
      const paidAgain = await gql(`mutation P($input: OrderMarkAsPaidInput!) { orderMarkAsPaid(input: $input) { userErrors { message } } }`, { input: { id } });
      const cancelled = await gql(
        `mutation C($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, restock: true, refundMethod: { originalPaymentMethodsRefund: true }) { job { done } orderCancelUserErrors { code message } } }`,
        { id },
      );
      // THEN
      expect(updated.orderUpdate).toEqual({ order: { note: "Комментарий оператора", tags: ["crm"] }, userErrors: [] });
      expect(paid.orderMarkAsPaid).toEqual({ order: { displayFinancialStatus: "PAID", totalOutstandingSet: { shopMoney: { amount: "0.0" } } }, userErrors: [] });
      expect(paidAgain.orderMarkAsPaid?.userErrors).toEqual([{ message: "Order cannot be marked as paid." }]);
      expect(cancelled.orderCancel).toEqual({ job: { done: true }, orderCancelUserErrors: [] });
      expect(shop.order(order.id)).toMatchObject({ financialStatus: "REFUNDED", cancelReason: "CUSTOMER" });
      expect(sim.webhooks.events.map((event) => event.topic)).toEqual([
        "orders/create",
        "orders/updated",
        "orders/paid",
        "orders/updated",
        "orders/cancelled",
        "orders/updated",
      ]);
      const cancelledPayload = sim.webhooks.events[4]?.payload as Record<string, unknown>;
      expect(cancelledPayload).toMatchObject({ name: "#1001", cancel_reason: "customer", financial_status: "refunded", note: "Комментарий оператора", tags: "crm" });
    });
  });
});
