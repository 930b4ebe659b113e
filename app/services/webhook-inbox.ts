import type { Db } from "../db.server";
import { parseJsonLosslessly } from "../sync/mapping/parse-shopify";
import type { JobDataByName } from "../../workers/queues";
import { recordLedger } from "./ledger";
import type { Logger } from "./logger";
import { entityIdOf, isHandledTopic, WEBHOOK_TOPICS } from "./webhook-topics";

/** A delivery whose signature and headers checked out; the body is still the raw text Shopify sent. */
export interface VerifiedWebhook {
  shop: string;
  /** Storage form, e.g. ORDERS_CREATE. */
  topic: string;
  webhookId: string;
  eventId?: string;
  apiVersion?: string;
  triggeredAt?: string;
  rawBody: string;
}

export interface WebhookInboxDeps {
  db: Db;
  /** verifyShopifyWebhook: throws a Response (401 bad HMAC, 400 missing headers, 405 not POST). */
  verify(request: Request): Promise<VerifiedWebhook>;
  enqueue(data: JobDataByName["webhook-event"]): Promise<void>;
  logger: Logger;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === "P2002";
}

/**
 * Webhook in: verify, store, enqueue, answer. Nothing is acknowledged before it is stored and queued: when the
 * database or Redis fails the error surfaces as a 5xx and Shopify delivers again. A repeat delivery (same
 * X-Shopify-Event-Id, else the same webhook id) is acknowledged without creating a second event.
 */
export async function acceptWebhook(request: Request, deps: WebhookInboxDeps): Promise<Response> {
  let webhook: VerifiedWebhook;
  try {
    webhook = await deps.verify(request);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  // Parsed without rounding: JSON.parse would round ids above 2^53, and the mappers read them exactly later.
  const parsed = parseJsonLosslessly(webhook.rawBody);
  if (!parsed) return storeMalformed(webhook, deps);

  if (!isHandledTopic(webhook.topic)) {
    deps.logger.warn({ shop: webhook.shop, topic: webhook.topic }, "webhook for a topic we do not handle; acknowledged");
    return new Response(null, { status: 200 });
  }
  const { topic } = WEBHOOK_TOPICS[webhook.topic];
  const eventId = webhook.eventId || webhook.webhookId;

  let status = "received";
  try {
    await deps.db.webhookEvent.create({
      data: {
        shop: webhook.shop,
        eventId,
        webhookId: webhook.webhookId,
        topic,
        entityId: entityIdOf(topic, parsed.value),
        apiVersion: webhook.apiVersion,
        triggeredAt: webhook.triggeredAt ? new Date(webhook.triggeredAt) : undefined,
        payload: webhook.rawBody,
      },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await deps.db.webhookEvent.findUnique({ where: { shop_eventId: { shop: webhook.shop, eventId } }, select: { status: true } });
    status = existing?.status ?? "received";
  }
  // A repeat of an event that was stored but maybe not queued (we answered 5xx last time) is queued again;
  // the job id is deterministic, so a job that exists already is not added twice.
  if (status === "received") await deps.enqueue({ shop: webhook.shop, eventId });
  return new Response(null, { status: 200 });
}

/** A delivery with a valid signature whose body is not JSON: keep it, tell the merchant, do not ask for retries. */
async function storeMalformed(webhook: VerifiedWebhook, deps: Pick<WebhookInboxDeps, "db" | "logger">): Promise<Response> {
  const { shop, webhookId } = webhook;
  const eventId = webhook.eventId || webhookId;
  const topic = isHandledTopic(webhook.topic) ? WEBHOOK_TOPICS[webhook.topic].topic : webhook.topic;
  const problem = `Shopify sent a ${topic} webhook whose body is not valid JSON, so nothing could be synced from it. It is kept as event ${eventId}; if it concerns an order or customer, save that record again in Shopify to resend it.`;
  await deps.db.webhookEvent.upsert({
    where: { shop_eventId: { shop, eventId } },
    create: { shop, eventId, webhookId, topic, payload: webhook.rawBody, status: "failed", processedAt: new Date() },
    update: {},
  });
  await recordLedger(deps.db, { shop, entity: "webhook", direction: "to_crm", sourceId: eventId }, { state: "failed", lastError: problem, attempt: true });
  deps.logger.warn({ shop, topic, eventId }, "malformed webhook body stored as failed");
  return new Response(null, { status: 200 });
}
