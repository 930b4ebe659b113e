import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

export interface SignedDelivery {
  readonly eventId: string;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

export interface OrderDeliveryOptions {
  count: number;
  secret: string;
  shop: string;
  apiVersion: string;
  /** Shopify's orders/create example payload; each delivery is a copy with its own order id, name and number. */
  examplePath: string;
}

/**
 * Distinct orders/create deliveries signed like Shopify signs them: compact JSON of the example payload's size,
 * its own order id and X-Shopify-Event-Id each, HMAC-SHA256 (base64) of the raw body with the app secret.
 * Bodies are Buffers, so a large batch sits outside the V8 heap while the load runs.
 */
export function buildOrderDeliveries(options: OrderDeliveryOptions): SignedDelivery[] {
  const example = JSON.parse(readFileSync(options.examplePath, "utf8")) as Record<string, unknown>;
  const firstOrderId = 7_000_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1_000_000;
  const deliveries: SignedDelivery[] = [];
  for (let i = 0; i < options.count; i++) {
    const orderId = firstOrderId + i;
    const body = Buffer.from(
      JSON.stringify({
        ...example,
        id: orderId,
        admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
        name: `#${10_000 + i}`,
        order_number: 10_000 + i,
      }),
    );
    const eventId = randomUUID();
    deliveries.push({
      eventId,
      body,
      headers: {
        "content-type": "application/json",
        "content-length": String(body.length),
        "x-shopify-topic": "orders/create",
        "x-shopify-hmac-sha256": createHmac("sha256", options.secret).update(body).digest("base64"),
        "x-shopify-shop-domain": options.shop,
        "x-shopify-api-version": options.apiVersion,
        "x-shopify-webhook-id": randomUUID(),
        "x-shopify-event-id": eventId,
        "x-shopify-triggered-at": new Date().toISOString(),
      },
    });
  }
  return deliveries;
}
