import type { Db } from "../db.server";
import { parseJsonLosslessly } from "../sync/mapping/parse-shopify";
import type { JobDataByName } from "../../workers/queues";
import { recordLedger } from "./ledger";
import type { Logger } from "./logger";
import { entityIdOf, isHandledTopic, WEBHOOK_TOPICS } from "./webhook-topics";

/** The part of authenticate.webhook's result the inbox uses. */
export interface AuthenticatedWebhook {
  shop: string;
  topic: string;
  webhookId: string;
  eventId?: string;
  apiVersion?: string;
  triggeredAt?: string;
  payload: unknown;
}

export interface WebhookInboxDeps {
  db: Db;
  /** authenticate.webhook: throws a Response (401 bad HMAC, 400 missing headers, 405 not POST). */
  authenticate(request: Request): Promise<AuthenticatedWebhook>;
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
  const raw = request.clone();
  let webhook: AuthenticatedWebhook;
  try {
    webhook = await deps.authenticate(request);
  } catch (error) {
    if (error instanceof Response) return error;
    if (error instanceof SyntaxError) return storeMalformed(raw, deps);
    throw error;
  }
  // Keep the body exactly as sent: JSON.parse rounds ids above 2^53, and the mappers read them losslessly.
  const body = await raw.text();

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
        entityId: entityIdOf(topic, parseJsonLosslessly(body)?.value),
        apiVersion: webhook.apiVersion,
        triggeredAt: webhook.triggeredAt ? new Date(webhook.triggeredAt) : undefined,
        payload: body,
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
async function storeMalformed(request: Request, deps: Pick<WebhookInboxDeps, "db" | "logger">): Promise<Response> {
  const body = await request.text();
  const shop = request.headers.get("x-shopify-shop-domain") ?? "unknown";
  const webhookId = request.headers.get("x-shopify-webhook-id") ?? "unknown";
  const eventId = request.headers.get("x-shopify-event-id") || webhookId;
  const topic = request.headers.get("x-shopify-topic") ?? "unknown";
  const problem = `Shopify sent a ${topic} webhook whose body is not valid JSON, so nothing could be synced from it. It is kept as event ${eventId}; if it concerns an order or customer, save that record again in Shopify to resend it.`;
  await deps.db.webhookEvent.upsert({
    where: { shop_eventId: { shop, eventId } },
    create: { shop, eventId, webhookId, topic, payload: body, status: "failed", processedAt: new Date() },
    update: {},
  });
  await recordLedger(deps.db, { shop, entity: "webhook", direction: "to_crm", sourceId: eventId }, { state: "failed", lastError: problem, attempt: true });
  deps.logger.warn({ shop, topic, eventId }, "malformed webhook body stored as failed");
  return new Response(null, { status: 200 });
}
