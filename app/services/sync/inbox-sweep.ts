import type { Db } from "../../db.server";
import type { QueueSet } from "../../../workers/queues";
import { requeueWebhookEvent } from "./retry-failed";

/** A delivery still waiting this long after it arrived is checked for a job that will run it. */
export const STRANDED_AFTER_MS = 10 * 60_000;

/** The most deliveries one sweep checks, oldest first. */
const SWEEP_LIMIT = 2_000;

export interface InboxSweepReport {
  checked: number;
  /** Deliveries that had no job left to run them, and now have one. */
  requeued: Array<{ shop: string; eventId: string; topic: string; receivedAt: Date }>;
}

/**
 * Every stored delivery is run by the job queued with it. If that job is gone while the delivery still waits (Redis
 * lost or evicted its data, or BullMQ failed a job that stalled too often without our processor seeing it), the
 * delivery would wait forever, and with it the orders of a customer it carries. This finds deliveries that have
 * waited longer than `olderThanMs`, oldest first, and queues their job again where none is waiting or running.
 * A delivery whose job is still queued (a long backlog) is left as it is.
 */
export async function requeueStrandedDeliveries(
  deps: { db: Db; queues: QueueSet },
  options: { now?: Date; olderThanMs?: number; limit?: number; shop?: string } = {},
): Promise<InboxSweepReport> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - (options.olderThanMs ?? STRANDED_AFTER_MS));
  const waiting = await deps.db.webhookEvent.findMany({
    where: { status: "received", receivedAt: { lt: cutoff }, ...(options.shop ? { shop: options.shop } : {}) },
    orderBy: { receivedAt: "asc" },
    take: options.limit ?? SWEEP_LIMIT,
    select: { shop: true, eventId: true, topic: true, receivedAt: true },
  });
  const report: InboxSweepReport = { checked: waiting.length, requeued: [] };
  for (const event of waiting) {
    if (await requeueWebhookEvent(deps.queues, { shop: event.shop, eventId: event.eventId })) report.requeued.push(event);
  }
  return report;
}
