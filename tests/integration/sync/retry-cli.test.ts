import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../../app/db.server";
import { findLedgerRecord, recordLedger } from "../../../app/services/ledger";
import { createQueues, jobIds, QUEUES, redisConnection } from "../../../workers/queues";
import { runCli } from "../../helpers/cli";
import { testRedisUrl } from "../../helpers/queues";

describe("cli retry", () => {
  const db = createDb(process.env.DATABASE_URL);
  // The CLI queues on the default prefix, where the worker of a real deployment listens.
  const queues = createQueues(redisConnection(testRedisUrl()));
  const queuedJobIds: string[] = [];
  afterAll(async () => {
    for (const jobId of queuedJobIds) await (await queues.get(QUEUES.sync).getJob(jobId))?.remove();
    await queues.close();
    await db.$disconnect();
  });

  async function storeEvent(shop: string, topic: string, entityId: string, payload: string, status = "failed") {
    const eventId = randomUUID();
    await db.webhookEvent.create({ data: { shop, eventId, webhookId: eventId, topic, entityId, payload, status, processedAt: new Date() } });
    return eventId;
  }

  it("queues the latest delivery of each failed order again; --all-failed adds the other failed deliveries", async () => {
    // GIVEN a shop with an order the CRM refused (two deliveries, the later one failed) and a failed customer delivery
    const shop = `retry-${randomUUID().slice(0, 8)}.myshopify.com`;
    await db.shop.create({ data: { domain: shop, status: "connected" } });
    await storeEvent(shop, "orders/create", "501", '{"id":501}', "processed");
    const latestOrderEvent = await storeEvent(shop, "orders/updated", "501", '{"id":501}');
    await recordLedger(db, { shop, entity: "order", direction: "to_crm", sourceId: "501" }, { state: "failed", lastError: "map it in Settings", attempt: true });
    const customerEvent = await storeEvent(shop, "customers/update", "77", '{"id":77}');
    const malformed = await storeEvent(shop, "customers/update", "78", "{not json");

    // WHEN the operator retries the shop's failed records
    const run = await runCli(["retry", "--shop", shop]);
    // THEN the order's latest delivery is queued again and the order is pending
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ ok: true, result: { requeued: [{ eventId: latestOrderEvent, entity: "order", entityId: "501" }], withoutDelivery: [] } });
    queuedJobIds.push(jobIds.webhookEvent(shop, latestOrderEvent));
    expect(await queues.get(QUEUES.sync).getJob(jobIds.webhookEvent(shop, latestOrderEvent))).toBeDefined();
    expect((await db.webhookEvent.findUniqueOrThrow({ where: { shop_eventId: { shop, eventId: latestOrderEvent } } })).status).toBe("received");
    expect(await findLedgerRecord(db, { shop, entity: "order", direction: "to_crm", sourceId: "501" })).toMatchObject({ state: "pending" });

    // WHEN the operator retries every failed delivery
    const all = await runCli(["retry", "--shop", shop, "--all-failed"]);
    // THEN the failed customer delivery is queued too, and the unreadable one is reported instead
    expect(all.json).toMatchObject({ ok: true, result: { requeued: [{ eventId: customerEvent, entity: "customer" }], unreadable: [malformed] } });
    queuedJobIds.push(jobIds.webhookEvent(shop, customerEvent));
  });
});
