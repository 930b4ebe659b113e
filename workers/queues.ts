import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";

// Queue names, job data and job ids, shared by the web app (which enqueues) and the workers (which process).
// Job data carries ids, never payloads or secrets: state lives in the database, so any worker can take any job.

export const QUEUES = {
  /** Live sync: webhook deliveries and their retries. */
  sync: "sync",
  /** Catalog (ICML) builds: their own queue and concurrency, so a large build never delays orders. */
  catalog: "catalog",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Every job kind, its queue and its data. A kind without a processor fails to compile in workers/index.ts. */
export interface JobDataByName {
  "webhook-event": { shop: string; eventId: string };
  "catalog-build": { shop: string; trigger: "connect" | "schedule" | "webhook" | "manual"; buildId?: string };
  /** Queues again the deliveries whose job was lost (app/services/sync/inbox-sweep.ts); every few minutes. */
  "inbox-sweep": Record<string, never>;
}

export type JobName = keyof JobDataByName;

export const JOB_QUEUE: Record<JobName, QueueName> = {
  "webhook-event": QUEUES.sync,
  "catalog-build": QUEUES.catalog,
  "inbox-sweep": QUEUES.sync,
};

/** BullMQ job ids may not contain ":" and may not be all digits. */
function idPart(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, "-");
}

export const jobIds = {
  webhookEvent: (shop: string, eventId: string) => `webhook_${idPart(shop)}_${idPart(eventId)}`,
  catalogBuild: (shop: string, buildId: string) => `catalog_${idPart(shop)}_${idPart(buildId)}`,
  catalogScheduler: (shop: string) => `catalog-schedule_${idPart(shop)}`,
  inboxSweepScheduler: "inbox-sweep",
};

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

export interface QueueSet {
  get(name: QueueName): Queue;
  add<N extends JobName>(name: N, data: JobDataByName[N], opts?: JobsOptions): Promise<void>;
  close(): Promise<void>;
}

/**
 * Queues for producers. Pass `failFast: true` in request handlers: with Redis down, an add rejects at once
 * (so a webhook answers 5xx and Shopify retries) instead of waiting in ioredis's offline queue.
 */
export function createQueues(connection: ConnectionOptions, options: { prefix?: string; failFast?: boolean } = {}): QueueSet {
  const queues = new Map<QueueName, Queue>();
  const get = (name: QueueName) => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: options.failFast ? { ...connection, enableOfflineQueue: false } : connection,
        prefix: options.prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on("error", () => {});
      queues.set(name, queue);
    }
    return queue;
  };
  return {
    get,
    async add(name, data, opts) {
      const queue = get(JOB_QUEUE[name]);
      try {
        await queue.add(name, data, opts);
      } catch (error) {
        if (!options.failFast) throw error;
        // Without an offline queue, an add right after start-up fails while the connection is still opening:
        // wait for it briefly once, then let a real outage surface.
        await Promise.race([queue.waitUntilReady(), new Promise((_, reject) => setTimeout(() => reject(error), 1_000))]);
        await queue.add(name, data, opts);
      }
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
    },
  };
}

/** ioredis connection options from a redis:// URL. */
export function redisConnection(url: string): ConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined,
    tls: parsed.protocol === "rediss:" ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
