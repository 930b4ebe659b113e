import { DelayedError, UnrecoverableError } from "bullmq";
import type { Db } from "../../app/db.server";
import { isSyncError } from "../../app/services/errors";
import { recordLedger } from "../../app/services/ledger";
import { isRequeueLaterError } from "../../app/services/sync/crm-access";
import { WEBHOOK_TOPICS, type WebhookTopic } from "../../app/services/webhook-topics";
import { buildEntityLockKey, type EntityLock } from "../../app/services/entity-lock";
import type { TopicHandlers, StoredWebhookEvent } from "../handlers/types";
import type { Processor } from "../runtime";

export interface WebhookEventProcessorDeps {
  db: Db;
  handlers: TopicHandlers;
  lock: EntityLock;
  /** How long a job waits before trying again when another job holds its entity. */
  lockRetryMs?: number;
}

const KNOWN_TOPICS = new Set<string>(Object.values(WEBHOOK_TOPICS).map((t) => t.topic));
const ENTITY_OF = Object.fromEntries(Object.values(WEBHOOK_TOPICS).map((t) => [t.topic, t.entity])) as Record<WebhookTopic, string>;

/**
 * Processes one stored webhook event: per-entity lock, the topic's handler, the event's final status.
 * Retryable failures (CRM or Shopify down, rate limits) throw for BullMQ's backoff; the rest end the job.
 */
export function createWebhookEventProcessor(deps: WebhookEventProcessorDeps): Processor<"webhook-event"> {
  return async (job, ctx) => {
    const { shop, eventId } = job.data;
    const row = await deps.db.webhookEvent.findUnique({ where: { shop_eventId: { shop, eventId } } });
    if (!row) return "skipped"; // erased since (shop/redact or customers/redact)
    if (row.status !== "received") return "noop"; // a duplicate job for an event already handled
    if (!KNOWN_TOPICS.has(row.topic)) throw new UnrecoverableError(`No handler for topic ${row.topic}`);

    const event: StoredWebhookEvent = {
      shop,
      eventId,
      topic: row.topic as WebhookTopic,
      entityId: row.entityId,
      payload: row.payload,
      triggeredAt: row.triggeredAt,
      receivedAt: row.receivedAt,
    };
    const entityKey = row.entityId ? buildEntityLockKey(shop, ENTITY_OF[event.topic], row.entityId) : undefined;
    // Owned by the job: if this job's worker died holding the lock, the job takes it back at once when retried.
    const lock = entityKey ? await deps.lock.tryLock(entityKey, job.id) : undefined;
    if (entityKey && !lock) {
      await job.moveToDelayed(Date.now() + (deps.lockRetryMs ?? 300) + Math.floor(Math.random() * 200), ctx.token);
      throw new DelayedError();
    }

    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      const outcome = await deps.handlers[event.topic](event, { logger: ctx.logger, signal: ctx.signal, finalAttempt });
      // updateMany: a compliance handler may have erased the event itself.
      await deps.db.webhookEvent.updateMany({
        where: { shop, eventId },
        data: { status: outcome === "failed" ? "failed" : "processed", processedAt: new Date() },
      });
      return outcome;
    } catch (error) {
      // Other jobs already queue for the shop's CRM key, or a record it needs is being sent by another job: wait as
      // delayed, without using an attempt or holding the worker.
      if (isRequeueLaterError(error)) {
        await job.moveToDelayed(Date.now() + error.data.retryAfterMs + Math.floor(Math.random() * 100), ctx.token);
        throw new DelayedError();
      }
      const retryable = isSyncError(error) ? error.kind === "rate_limited" || error.kind === "upstream" : true;
      if (retryable && !finalAttempt) throw error;
      const message = isSyncError(error) ? error.toPlainWords() : `Unexpected error: ${(error as Error).message}`;
      await deps.db.webhookEvent.updateMany({ where: { shop, eventId }, data: { status: "failed", processedAt: new Date() } });
      await recordLedger(
        deps.db,
        { shop, entity: "webhook", direction: "to_crm", sourceId: eventId },
        { state: "failed", lastError: `${event.topic}: ${message}`, attempt: true },
      );
      throw new UnrecoverableError(message);
    } finally {
      await lock?.release();
    }
  };
}
