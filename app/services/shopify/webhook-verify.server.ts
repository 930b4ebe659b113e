// The same runtime adapter the app uses (it reads web Requests); shopify-api's plain node adapter would replace it.
import "@shopify/shopify-app-remix/adapters/node";
import { shopifyApi, WebhookValidationErrorReason } from "@shopify/shopify-api";
import { getConfig } from "../../config.server";
import { SHOPIFY_API_VERSION, shopifyLibraryLogLevel } from "../../shopify.server";
import type { VerifiedWebhook } from "../webhook-inbox";

// shopify-app-remix keeps its shopify-api instance to itself, so the inbox has one of its own with the same keys.
let api: ReturnType<typeof shopifyApi> | undefined;

function getApi() {
  const config = getConfig();
  api ??= shopifyApi({
    apiKey: config.shopify.apiKey,
    apiSecretKey: config.shopify.apiSecret,
    apiVersion: SHOPIFY_API_VERSION,
    hostName: new URL(config.shopify.appUrl).host,
    isEmbeddedApp: true,
    scopes: [...config.shopify.scopes],
    logger: { level: shopifyLibraryLogLevel(config.logLevel) },
  });
  return api;
}

/**
 * The HMAC and header checks of authenticate.webhook (shopify-api's webhooks.validate), without what the inbox does
 * not need: loading the shop's session and parsing the body. Throws a Response: 405 not POST, 401 bad HMAC,
 * 400 missing headers or body.
 */
export async function verifyShopifyWebhook(request: Request): Promise<VerifiedWebhook> {
  if (request.method !== "POST") throw new Response(null, { status: 405 });
  const rawBody = await request.text();
  const check = await getApi().webhooks.validate({ rawBody, rawRequest: request });
  if (!check.valid) throw new Response(null, { status: check.reason === WebhookValidationErrorReason.InvalidHmac ? 401 : 400 });
  return {
    shop: check.domain,
    topic: check.topic,
    webhookId: check.webhookId,
    eventId: "eventId" in check ? check.eventId : undefined,
    apiVersion: check.apiVersion,
    triggeredAt: check.triggeredAt,
    rawBody,
  };
}
