import { randomUUID } from "node:crypto";
import type { Db } from "../../app/db.server";
import { parseJsonLosslessly } from "../../app/sync/mapping/parse-shopify";
import { entityIdOf, isHandledTopic, WEBHOOK_TOPICS } from "../../app/services/webhook-topics";
import type { ShopifySimulator } from "../../sim/shopify/simulator";
import { DEFAULT_JOB_OPTIONS, jobIds, QUEUES, type QueueSet } from "../../workers/queues";

const STORE_CHUNK = 500;

/**
 * The merchant's shop takes `orders` checkouts, each by a new customer, while the app is away: the Shopify
 * simulator records the customers/create and orders/create events it would send (no webhook URL is set, so
 * nothing is posted). The customers stay readable through its Admin GraphQL, as the customer sync needs.
 */
export function createCheckoutsInShopify(shopify: ShopifySimulator, shop: string, orders: number): void {
  const sim = shopify.shop(shop);
  for (let n = 1; n <= orders; n += 1) {
    const firstName = n % 7 === 0 ? "Мария" : "Alex";
    const lastName = `Buyer${n}`;
    sim.createOrder({
      customer: { firstName, lastName, email: `drain-buyer-${n}@example.com` },
      lineItems: [
        { title: "Gift card", price: "25.00", quantity: 1 },
        { title: "Sticker pack", price: "3.50", quantity: 1 + (n % 3) },
      ],
      shippingLines: [{ title: "Standard", price: "5.00" }],
      shippingAddress: {
        firstName,
        lastName,
        address1: `${n} Main St`,
        address2: n % 2 === 0 ? `Apt ${n % 90}` : null,
        city: "New York",
        provinceCode: "NY",
        countryCode: "US",
        zip: "10001",
      },
      note: n % 5 === 0 ? `Backlog order ${n}` : null,
    });
  }
}

/**
 * Stores the recorded events the way the webhook inbox does (app/services/webhook-inbox.ts: one WebhookEvent row
 * per event, keyed by shop + event id, body as sent, entity id read losslessly) and adds one job per event with the
 * inbox's deterministic job id and the queue's default options.
 */
export async function storeEventsAsInbox(db: Db, queues: QueueSet, shopify: ShopifySimulator, shop: string): Promise<Record<string, number>> {
  const byTopic: Record<string, number> = {};
  const rows = [];
  const base = Date.now();
  for (const [index, event] of shopify.webhooks.events.entries()) {
    // authenticate.webhook reports the topic in storage form (ORDERS_CREATE), as the inbox receives it.
    const storageTopic = event.topic.toUpperCase().replace(/[/.]/g, "_");
    if (event.shop !== shop || !isHandledTopic(storageTopic)) continue;
    const { topic } = WEBHOOK_TOPICS[storageTopic];
    const body = JSON.stringify(event.payload);
    byTopic[topic] = (byTopic[topic] ?? 0) + 1;
    rows.push({
      shop,
      eventId: event.eventId,
      webhookId: randomUUID(),
      topic,
      entityId: entityIdOf(topic, parseJsonLosslessly(body)?.value) ?? null,
      apiVersion: "2026-10",
      triggeredAt: new Date(event.triggeredAt),
      payload: body,
      receivedAt: new Date(base + index),
    });
  }
  if (rows.length === 0) throw new Error(`The Shopify simulator recorded no events for ${shop} the connector handles; nothing to drain.`);
  const queue = queues.get(QUEUES.sync);
  for (let start = 0; start < rows.length; start += STORE_CHUNK) {
    const chunk = rows.slice(start, start + STORE_CHUNK);
    await db.webhookEvent.createMany({ data: chunk });
    await queue.addBulk(
      chunk.map((row) => ({
        name: "webhook-event",
        data: { shop, eventId: row.eventId },
        opts: { ...DEFAULT_JOB_OPTIONS, jobId: jobIds.webhookEvent(shop, row.eventId) },
      })),
    );
  }
  return byTopic;
}
