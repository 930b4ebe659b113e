import type { Logger } from "../../app/services/logger";
import type { WebhookTopic } from "../../app/services/webhook-topics";
import type { JobOutcome } from "../runtime";

/** A stored webhook delivery as a topic handler sees it. */
export interface StoredWebhookEvent {
  shop: string;
  eventId: string;
  topic: WebhookTopic;
  entityId: string | null;
  /** The body exactly as Shopify sent it (parse it with the mapping core's lossless parsers: ids exceed 2^53). */
  payload: string;
  triggeredAt: Date | null;
  receivedAt: Date;
}

export interface HandlerContext {
  logger: Logger;
  signal?: AbortSignal;
  /** True when this is the job's last attempt: a failure now goes to the ledger as failed for a human. */
  finalAttempt: boolean;
}

/**
 * Handles one topic. Returns the outcome; throws a SyncError of kind `rate_limited`/`upstream` to be retried with
 * backoff; records `validation`/`conflict` problems in the ledger itself and returns "failed" (no retry).
 */
export type TopicHandler = (event: StoredWebhookEvent, ctx: HandlerContext) => Promise<JobOutcome>;

export type TopicHandlers = Record<WebhookTopic, TopicHandler>;
