import type { Db } from "../../db.server";
import { parseJsonLosslessly } from "../../sync/mapping";
import { jobIds, QUEUES, type JobDataByName, type QueueSet } from "../../../workers/queues";
import { recordLedger } from "../ledger";
import { WEBHOOK_TOPICS } from "../webhook-topics";
import { RECORD_TOPICS } from "./backlog";

export interface RetryFailedDeps {
  db: Db;
  /** Puts the event's job on the queue again (see requeueWebhookEvent). */
  enqueue(data: JobDataByName["webhook-event"]): Promise<unknown>;
}

export interface RetryFailedOptions {
  shop: string;
  /** Also every failed webhook delivery of the shop, not only the failed orders and customers. */
  allFailed?: boolean;
}

export interface RetryFailedReport {
  /** The deliveries queued again, with the record each one syncs. */
  requeued: Array<{ eventId: string; topic: string; entity: string; entityId: string | null }>;
  /** Failed records with no stored delivery to run again: saving them in Shopify sends a new one. */
  withoutDelivery: Array<{ entity: string; sourceId: string }>;
  /** Failed deliveries whose body is not JSON: running them again cannot help. */
  unreadable: string[];
}

const ENTITY_OF_TOPIC = new Map<string, string>(Object.values(WEBHOOK_TOPICS).map((t) => [t.topic, t.entity]));

/**
 * Runs failed syncs of a shop again, typically after the merchant fixed what the ledger asked for (a mapping in
 * Settings, the customer in Shopify). Each failed order or customer is re-run from its latest stored delivery (the
 * sync reads the newest state anyway); `allFailed` adds every failed delivery. The records go back to "pending".
 */
export async function retryFailedSync(deps: RetryFailedDeps, options: RetryFailedOptions): Promise<RetryFailedReport> {
  const { db } = deps;
  const { shop } = options;
  const report: RetryFailedReport = { requeued: [], withoutDelivery: [], unreadable: [] };
  const events = new Map<string, { eventId: string; topic: string; entityId: string | null; payload: string }>();

  const failedRecords = await db.syncRecord.findMany({
    where: { shop, direction: "to_crm", state: "failed", entity: { in: ["customer", "order"] } },
    orderBy: { updatedAt: "asc" },
  });
  for (const record of failedRecords) {
    const latest = await db.webhookEvent.findFirst({
      where: { shop, entityId: record.sourceId, topic: { in: [...RECORD_TOPICS[record.entity as "customer" | "order"]] } },
      orderBy: { receivedAt: "desc" },
      select: { eventId: true, topic: true, entityId: true, payload: true },
    });
    if (latest) events.set(latest.eventId, latest);
    else report.withoutDelivery.push({ entity: record.entity, sourceId: record.sourceId });
  }
  if (options.allFailed) {
    const failedEvents = await db.webhookEvent.findMany({
      where: { shop, status: "failed" },
      orderBy: { receivedAt: "asc" },
      select: { eventId: true, topic: true, entityId: true, payload: true },
    });
    for (const event of failedEvents) events.set(event.eventId, event);
  }

  for (const event of events.values()) {
    const entity = ENTITY_OF_TOPIC.get(event.topic);
    if (!entity || parseJsonLosslessly(event.payload) === undefined) {
      report.unreadable.push(event.eventId);
      continue;
    }
    await db.webhookEvent.update({ where: { shop_eventId: { shop, eventId: event.eventId } }, data: { status: "received", processedAt: null } });
    if ((entity === "customer" || entity === "order") && event.entityId) {
      await recordLedger(db, { shop, entity, direction: "to_crm", sourceId: event.entityId }, { state: "pending", lastError: "Queued again by a retry." });
    }
    await db.syncRecord.updateMany({
      where: { shop, entity: "webhook", direction: "to_crm", sourceId: event.eventId, state: "failed" },
      data: { state: "pending" },
    });
    await deps.enqueue({ shop, eventId: event.eventId });
    report.requeued.push({ eventId: event.eventId, topic: event.topic, entity, entityId: event.entityId });
  }
  return report;
}

/**
 * Adds the job of a stored event under its deterministic id. A finished job (completed or failed) still holds
 * that id, so it is removed first; a job that is still waiting or running is left as it is. Returns whether a job
 * was added.
 */
export async function requeueWebhookEvent(queues: QueueSet, data: JobDataByName["webhook-event"]): Promise<boolean> {
  const jobId = jobIds.webhookEvent(data.shop, data.eventId);
  const existing = await queues.get(QUEUES.sync).getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state !== "completed" && state !== "failed" && state !== "unknown") return false;
    await existing.remove();
  }
  await queues.add("webhook-event", data, { jobId });
  return true;
}
