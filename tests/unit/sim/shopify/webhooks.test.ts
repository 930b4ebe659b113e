import "@shopify/shopify-api/adapters/web-api";
import { createHmac } from "node:crypto";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { afterEach, describe, expect, it } from "vitest";
import type { ShopifySimulator, SimWebhookOptions } from "../../../../sim/shopify/index";
import { startSim, startWebhookReceiver, TEST_API_KEY, TEST_SECRET, type ReceivedWebhook } from "./sim-test-kit";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const shopify = shopifyApi({
  apiKey: TEST_API_KEY,
  apiSecretKey: TEST_SECRET,
  apiVersion: ApiVersion.October26,
  hostName: "app.example.com",
  isEmbeddedApp: true,
  logger: { level: 0 },
});

async function setUp(respond?: (hook: ReceivedWebhook, index: number) => number, webhooks: SimWebhookOptions = {}) {
  const receiver = await startWebhookReceiver(respond);
  const sim: ShopifySimulator = await startSim({ webhookUrl: receiver.url, webhooks: { retryScale: 0.001, ...webhooks } });
  cleanups.push(() => sim.close(), receiver.close);
  return { sim, receiver };
}

function validateWithShopifyLibrary(hook: ReceivedWebhook) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(hook.headers)) if (typeof value === "string") headers.set(name, value);
  const rawRequest = new Request(`https://app.example.com${hook.path}`, { method: "POST", headers, body: hook.body });
  return shopify.webhooks.validate({ rawBody: hook.body, rawRequest });
}

describe("webhooks from the Shopify simulator", () => {
  it("delivers a merchant's order to /webhooks/orders/create, signed, with every header, and the Shopify library accepts it", async () => {
    // GIVEN
    const { sim, receiver } = await setUp();
    const shop = sim.addShop("hooks-order.myshopify.com");
    // WHEN the merchant creates an order
    const order = shop.createOrder({
      customer: { firstName: "Анна", email: "anna@example.ru" },
      lineItems: [{ title: "Engraving", price: "5.00", quantity: 1 }],
      shippingAddress: { address1: "ул. Тверская, 7", address2: "кв. 12", city: "Москва", countryCode: "RU" },
      shippingLines: [{ title: "Courier", price: "3.50" }],
      note: "Позвонить заранее",
    });
    await sim.webhooks.settle();
    // THEN
    const hook = receiver.received.find((received) => received.path === "/webhooks/orders/create");
    expect(receiver.received.map((received) => received.path).sort()).toEqual(["/webhooks/customers/create", "/webhooks/orders/create"]);
    if (!hook) throw new Error("no orders/create delivery");
    const expectedHmac = createHmac("sha256", TEST_SECRET).update(hook.body, "utf8").digest("base64");
    expect(hook.headers).toMatchObject({
      "x-shopify-topic": "orders/create",
      "x-shopify-hmac-sha256": expectedHmac,
      "x-shopify-shop-domain": "hooks-order.myshopify.com",
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
      "x-shopify-event-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
      "x-shopify-triggered-at": expect.any(String),
      "x-shopify-name": expect.any(String),
    });
    const validation = await validateWithShopifyLibrary(hook);
    expect(validation).toMatchObject({ valid: true, topic: "ORDERS_CREATE", domain: "hooks-order.myshopify.com" });
    const payload = JSON.parse(hook.body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      id: order.id,
      admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
      name: "#1001",
      note: "Позвонить заранее",
      total_price: "8.50",
      financial_status: "pending",
      shipping_address: { address1: "ул. Тверская, 7", address2: "кв. 12", country_code: "RU", country: "Russia" },
      line_items: [expect.objectContaining({ title: "Engraving", price: "5.00", variant_id: null, product_id: null })],
      shipping_lines: [expect.objectContaining({ title: "Courier", price: "3.50" })],
      customer: expect.objectContaining({ first_name: "Анна", email: "anna@example.ru" }),
    });
    expect(payload.customer).not.toHaveProperty("tags");
  });

  it("retries after a 500 with the same ids and stops at the first 2xx", async () => {
    const { sim, receiver } = await setUp((_hook, index) => (index < 2 ? 500 : 200));
    const shop = sim.addShop("hooks-retry.myshopify.com");
    shop.createCustomer({ email: "retry@example.com" });
    await sim.webhooks.settle();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((hook) => hook.headers["x-shopify-webhook-id"])).size).toBe(1);
    expect(new Set(receiver.received.map((hook) => hook.body)).size).toBe(1);
    expect(sim.webhooks.deliveries).toMatchObject([{ topic: "customers/create", state: "delivered", attempts: [{ status: 500 }, { status: 500 }, { status: 200 }] }]);
  });

  it("counts a slow answer as a failure and gives up after the last attempt", async () => {
    const { sim } = await setUp(() => 200, { timeoutMs: 50, maxAttempts: 2 });
    sim.webhooks.setWebhookUrl("http://127.0.0.1:9");
    const shop = sim.addShop("hooks-down.myshopify.com");
    shop.createCustomer({ email: "down@example.com" });
    await sim.webhooks.settle();
    expect(sim.webhooks.deliveries).toMatchObject([{ state: "failed", attempts: [{ status: null }, { status: null }] }]);
    expect(sim.webhooks.deliveries[0]?.attempts[0]?.error).toEqual(expect.any(String));
  });

  it("duplicates deliveries on request, keeping webhook and event ids", async () => {
    const { sim, receiver } = await setUp();
    const shop = sim.addShop("hooks-dup.myshopify.com");
    sim.webhooks.duplicate(3);
    shop.createProduct({ title: "Tee", variants: [{ price: "10.00" }] });
    await sim.webhooks.settle();
    expect(receiver.received.map((hook) => hook.path)).toEqual(["/webhooks/products/create", "/webhooks/products/create", "/webhooks/products/create"]);
    expect(new Set(receiver.received.map((hook) => hook.headers["x-shopify-event-id"])).size).toBe(1);
  });

  it("holds deliveries and releases them in reverse order when asked to reorder", async () => {
    // GIVEN
    const { sim, receiver } = await setUp();
    const shop = sim.addShop("hooks-reorder.myshopify.com");
    sim.webhooks.unsubscribeAll();
    sim.webhooks.subscribe("customers/create", "/hooks/customer-created");
    sim.webhooks.subscribe("customers/update", "/hooks/customer-updated");
    sim.webhooks.reorder("reverse");
    // WHEN
    const customer = shop.createCustomer({ email: "order@example.com" });
    shop.updateCustomer(customer.id, { firstName: "Late" });
    const heldBeforeFlush = receiver.received.length;
    await sim.webhooks.flush();
    await sim.webhooks.settle();
    // THEN
    expect(heldBeforeFlush).toBe(0);
    expect(receiver.received.map((hook) => hook.path)).toEqual(["/hooks/customer-updated", "/hooks/customer-created"]);
  });

  it("sends a raw body as-is, and a bad HMAC the Shopify library rejects", async () => {
    const { sim, receiver } = await setUp();
    sim.addShop("hooks-raw.myshopify.com");
    const malformed = await sim.webhooks.sendRaw("hooks-raw.myshopify.com", "orders/create", "{not json");
    const forged = await sim.webhooks.sendRaw("hooks-raw.myshopify.com", "orders/create", JSON.stringify({ id: 1 }), { badHmac: true });
    expect([malformed.status, forged.status]).toEqual([200, 200]);
    expect(receiver.received[0]?.body).toBe("{not json");
    expect(await validateWithShopifyLibrary(receiver.received[0] as ReceivedWebhook)).toMatchObject({ valid: true });
    expect(await validateWithShopifyLibrary(receiver.received[1] as ReceivedWebhook)).toMatchObject({ valid: false, reason: "invalid_hmac" });
  });

  it("stops sending a shop's webhooks after app/uninstalled, and sends compliance topics", async () => {
    const { sim, receiver } = await setUp();
    const shop = sim.addShop("hooks-uninstall.myshopify.com");
    const customer = shop.createCustomer({ email: "gdpr@example.com", phone: "+1 650 253 0000" });
    shop.uninstallApp();
    shop.updateCustomer(customer.id, { firstName: "Unseen" });
    shop.redactCustomer(customer.id);
    shop.redactShop();
    await sim.webhooks.settle();
    expect(receiver.received.map((hook) => hook.path).sort()).toEqual([
      "/webhooks/app/uninstalled",
      "/webhooks/customers/create",
      "/webhooks/customers/redact",
      "/webhooks/shop/redact",
    ]);
    const redact = receiver.received.find((hook) => hook.path === "/webhooks/customers/redact");
    expect(JSON.parse(redact?.body ?? "{}")).toEqual({
      shop_id: expect.any(Number),
      shop_domain: "hooks-uninstall.myshopify.com",
      customer: { id: customer.id, email: "gdpr@example.com", phone: "+16502530000" },
      orders_to_redact: [],
    });
  });
});
