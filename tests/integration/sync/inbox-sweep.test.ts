import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLedgerRecord } from "../../../app/services/ledger";
import { getShopStatus } from "../../../app/services/shop-registry";
import { requeueStrandedDeliveries, STRANDED_AFTER_MS } from "../../../app/services/sync/inbox-sweep";
import { jobIds, QUEUES } from "../../../workers/queues";
import { INBOX_SWEEP_EVERY_MS, upsertInboxSweepSchedule } from "../../../workers/schedules";
import { startSyncKit, type SyncKit } from "./sync-test-kit";
import { uniqueEmail } from "../../helpers/unique";

describe(requeueStrandedDeliveries.name, () => {
  let kit: SyncKit;
  beforeAll(async () => {
    kit = await startSyncKit();
  });
  afterAll(async () => {
    kit.shopify.assertNoViolations();
    await kit.close();
  });

  it("queues again a delivery whose job was lost, and leaves alone one whose job still waits and one too recent to tell", async () => {
    // GIVEN three stored customer deliveries while the worker is held: one whose job Redis lost long ago, one old
    // whose job still waits its turn, and one whose job was lost a moment ago
    const shop = await kit.newShop({ concurrency: 1 });
    const queue = shop.queues.get(QUEUES.sync);
    await queue.pause();
    const customers = ["lost", "waiting", "recent"].map((label) => shop.sim.createCustomer({ firstName: label, email: uniqueEmail(label) }));
    await kit.shopify.webhooks.settle();
    const eventOf = (customerId: number) => kit.db.webhookEvent.findFirstOrThrow({ where: { shop: shop.domain, entityId: String(customerId) } });
    const lostEvent = await eventOf(customers[0]!.id);
    const waitingEvent = await eventOf(customers[1]!.id);
    const recentEvent = await eventOf(customers[2]!.id);
    for (const event of [lostEvent, recentEvent]) await (await queue.getJob(jobIds.webhookEvent(shop.domain, event.eventId)))?.remove();
    const longAgo = new Date(Date.now() - STRANDED_AFTER_MS - 60_000);
    await kit.db.webhookEvent.updateMany({ where: { eventId: { in: [lostEvent.eventId, waitingEvent.eventId] } }, data: { receivedAt: longAgo } });

    // AND the shop's status shows them waiting, the oldest since then
    expect((await getShopStatus(kit.db, shop.domain)).webhookEvents).toEqual({ total: 3, byStatus: { received: 3 }, oldestWaitingSince: longAgo });

    // WHEN the inbox is swept
    const report = await requeueStrandedDeliveries({ db: kit.db, queues: shop.queues }, { shop: shop.domain });

    // THEN only the old delivery without a job got one again
    expect(report.checked).toBe(2);
    expect(report.requeued.map((event) => event.eventId)).toEqual([lostEvent.eventId]);
    expect(await queue.getWaitingCount()).toBe(2);

    // AND a sweep once the recent one is old enough finds it too, and every customer reaches the CRM
    const later = await requeueStrandedDeliveries({ db: kit.db, queues: shop.queues }, { shop: shop.domain, now: new Date(Date.now() + STRANDED_AFTER_MS + 60_000) });
    expect(later.requeued.map((event) => event.eventId)).toEqual([recentEvent.eventId]);
    await queue.resume();
    await shop.settle();
    for (const customer of customers) {
      const ledger = await findLedgerRecord(kit.db, { shop: shop.domain, entity: "customer", direction: "to_crm", sourceId: String(customer.id) });
      expect(ledger?.state).toBe("synced");
    }
  });

  it("is scheduled once for the whole fleet, however many workers register it", async () => {
    // GIVEN a queue
    const shop = await kit.newShop();
    const queue = shop.queues.get(QUEUES.sync);

    // WHEN three workers start and each registers the sweep
    await Promise.all([0, 1, 2].map(() => upsertInboxSweepSchedule(queue)));

    // THEN there is one scheduler, every 5 minutes
    const schedulers = await queue.getJobSchedulers(0, -1);
    expect(schedulers.map((scheduler) => [scheduler.key, scheduler.every])).toEqual([[jobIds.inboxSweepScheduler, INBOX_SWEEP_EVERY_MS]]);
    await queue.removeJobScheduler(jobIds.inboxSweepScheduler);
  });
});
