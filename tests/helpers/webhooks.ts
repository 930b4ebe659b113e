import { createHmac, randomUUID } from "node:crypto";

export const TEST_API_SECRET = "demo-api-secret";

/** A webhook request signed the way Shopify signs it (HMAC-SHA256 of the raw body with the app secret). */
export function signedWebhookRequest(options: {
  shop: string;
  topic: string;
  body: string;
  secret?: string;
  eventId?: string;
  webhookId?: string;
  url?: string;
}): Request {
  const hmac = createHmac("sha256", options.secret ?? TEST_API_SECRET).update(options.body, "utf8").digest("base64");
  return new Request(options.url ?? `http://127.0.0.1/webhooks/${options.topic}`, {
    method: "POST",
    body: options.body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": options.topic,
      "x-shopify-hmac-sha256": hmac,
      "x-shopify-shop-domain": options.shop,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": options.webhookId ?? randomUUID(),
      "x-shopify-event-id": options.eventId ?? randomUUID(),
      "x-shopify-triggered-at": new Date().toISOString(),
    },
  });
}
