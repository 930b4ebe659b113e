import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../../app/db.server";
import { acceptWebhook, type WebhookInboxDeps } from "../../../app/services/webhook-inbox";
import { verifyShopifyWebhook } from "../../../app/services/shopify/webhook-verify.server";
import { jobIds, QUEUES } from "../../../workers/queues";
import { makeTestQueues, silentLogger } from "../../helpers/queues";
import { signedWebhookRequest } from "../../helpers/webhooks";

describe(acceptWebhook.name, () => {
  const db = createDb(process.env.DATABASE_URL);
  const { queues, cleanup } = makeTestQueues();
  const shop = () => `inbox-${randomUUID().slice(0, 8)}.myshopify.com`;
  const order = '{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508","name":"#1001"}';
  let failEnqueue = false;
  const deps: WebhookInboxDeps = {
    db,
    verify: verifyShopifyWebhook,
    logger: silentLogger,
    async enqueue(data) {
      if (failEnqueue) throw new Error("Redis is down");
      await queues.add("webhook-event", data, { jobId: jobIds.webhookEvent(data.shop, data.eventId) });
    },
  };
  afterEach(() => {
    failEnqueue = false;
  });
  afterAll(async () => {
    await cleanup();
    await db.$disconnect();
  });

  it("stores a signed delivery with its exact body, queues it and answers 200", async () => {
    // GIVEN a signed orders/create delivery whose id exceeds 2^53
    const domain = shop();
    const eventId = randomUUID();
    // WHEN it arrives
    const response = await acceptWebhook(signedWebhookRequest({ shop: domain, topic: "orders/create", body: order, eventId }), deps);
    // THEN it is stored byte for byte, keyed by the event id, and queued under a deterministic job id
    expect(response.status).toBe(200);
    const stored = await db.webhookEvent.findUniqueOrThrow({ where: { shop_eventId: { shop: domain, eventId } } });
    expect(stored).toMatchObject({ topic: "orders/create", entityId: "820982911946154508", status: "received", payload: order });
    const job = await queues.get(QUEUES.sync).getJob(jobIds.webhookEvent(domain, eventId));
    expect(job?.data).toEqual({ shop: domain, eventId });
  });

  it("acknowledges a duplicate delivery without storing or queueing it twice", async () => {
    const domain = shop();
    const eventId = randomUUID();
    for (let i = 0; i < 3; i++) {
      const response = await acceptWebhook(signedWebhookRequest({ shop: domain, topic: "orders/updated", body: order, eventId }), deps);
      expect(response.status).toBe(200);
    }
    expect(await db.webhookEvent.count({ where: { shop: domain } })).toBe(1);
    const jobs = await queues.get(QUEUES.sync).getJobs(["waiting"]);
    expect(jobs.filter((j) => j.data.shop === domain)).toHaveLength(1);
  });

  it("falls back to the webhook id when there is no event id", async () => {
    const domain = shop();
    const webhookId = randomUUID();
    const request = signedWebhookRequest({ shop: domain, topic: "customers/update", body: '{"id":5}', webhookId, eventId: "" });
    expect((await acceptWebhook(request, deps)).status).toBe(200);
    expect(await db.webhookEvent.findUnique({ where: { shop_eventId: { shop: domain, eventId: webhookId } } })).not.toBeNull();
  });

  it("answers 401 to a bad signature and stores nothing", async () => {
    const domain = shop();
    const response = await acceptWebhook(signedWebhookRequest({ shop: domain, topic: "orders/create", body: order, secret: "wrong" }), deps);
    expect(response.status).toBe(401);
    expect(await db.webhookEvent.count({ where: { shop: domain } })).toBe(0);
  });

  it("keeps a signed but malformed body as a failed event with a ledger entry, and does not ask for retries", async () => {
    const domain = shop();
    const eventId = randomUUID();
    const response = await acceptWebhook(signedWebhookRequest({ shop: domain, topic: "orders/create", body: '{"id": 1,', eventId }), deps);
    expect(response.status).toBe(200);
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { shop_eventId: { shop: domain, eventId } } })).toMatchObject({
      status: "failed",
      payload: '{"id": 1,',
    });
    const ledger = await db.syncRecord.findFirstOrThrow({ where: { shop: domain, entity: "webhook", sourceId: eventId } });
    expect(ledger.state).toBe("failed");
    expect(ledger.lastError).toMatch(/not valid JSON/);
  });

  it("does not acknowledge what it could not queue, and queues it on Shopify's retry", async () => {
    // GIVEN Redis is down when the delivery arrives
    const domain = shop();
    const eventId = randomUUID();
    failEnqueue = true;
    // THEN the delivery is refused (the route answers 5xx) although the event is stored
    await expect(acceptWebhook(signedWebhookRequest({ shop: domain, topic: "orders/paid", body: order, eventId }), deps)).rejects.toThrow(/Redis is down/);
    // WHEN Shopify retries after Redis is back
    failEnqueue = false;
    const retry = await acceptWebhook(signedWebhookRequest({ shop: domain, topic: "orders/paid", body: order, eventId }), deps);
    // THEN it is queued once
    expect(retry.status).toBe(200);
    expect(await queues.get(QUEUES.sync).getJob(jobIds.webhookEvent(domain, eventId))).toBeDefined();
    expect(await db.webhookEvent.count({ where: { shop: domain } })).toBe(1);
  });

  it("refuses what it could not store", async () => {
    const broken = { ...deps, db: { webhookEvent: { create: async () => Promise.reject(new Error("database is down")) } } as unknown as WebhookInboxDeps["db"] };
    await expect(acceptWebhook(signedWebhookRequest({ shop: shop(), topic: "orders/create", body: order }), broken)).rejects.toThrow(/database is down/);
  });
});
