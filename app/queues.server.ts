import { createQueues, jobIds, redisConnection, type JobDataByName, type QueueSet } from "../workers/queues";
import { getConfig } from "./config.server";

declare global {
  var webQueuesGlobal: QueueSet | undefined;
}

/** The web process's queue producers. They fail fast when Redis is down, so requests answer 5xx at once. */
export function getWebQueues(): QueueSet {
  globalThis.webQueuesGlobal ??= createQueues(redisConnection(getConfig().redisUrl), { failFast: true });
  return globalThis.webQueuesGlobal;
}

export async function enqueueWebhookEvent(data: JobDataByName["webhook-event"]): Promise<void> {
  await getWebQueues().add("webhook-event", data, { jobId: jobIds.webhookEvent(data.shop, data.eventId) });
}
