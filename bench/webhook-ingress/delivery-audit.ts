import Database from "better-sqlite3";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import pg from "pg";
import { resolveDatabase } from "../../app/db/database-url";
import { jobIds, QUEUES, redisConnection } from "../../workers/queues";

export interface DeliveryAudit {
  acknowledged: number;
  /** Acknowledged deliveries whose event is in the store. */
  stored: number;
  /** Acknowledged deliveries whose job is in the queue. */
  queued: number;
  /** Everything in the store / queue, acknowledged or not (a 5xx may still have stored the event). */
  storedTotal: number;
  queuedTotal: number;
  /** Jobs by BullMQ state: anything but waiting means something consumed the queue during the run. */
  queueStates?: Record<string, number>;
  ok: boolean;
}

async function readStoredEventIds(databaseUrl: string, shop: string): Promise<Set<string>> {
  const database = resolveDatabase(databaseUrl);
  if (database.provider === "sqlite") {
    const db = new Database(database.url.replace(/^file:/, "").split("?")[0]!, { readonly: true });
    try {
      const rows = db.prepare(`select "eventId" from "WebhookEvent" where "shop" = ?`).all(shop) as Array<{ eventId: string }>;
      return new Set(rows.map((row) => row.eventId));
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const result = await client.query<{ eventId: string }>(`select "eventId" from "WebhookEvent" where "shop" = $1`, [shop]);
    return new Set(result.rows.map((row) => row.eventId));
  } finally {
    await client.end();
  }
}

/** Checks that every delivery the app acknowledged is a WebhookEvent row and a job in the sync queue. */
export async function auditAppDeliveries(options: {
  databaseUrl: string;
  redisUrl: string;
  redis: Redis;
  shop: string;
  acknowledgedEventIds: readonly string[];
}): Promise<DeliveryAudit> {
  const storedIds = await readStoredEventIds(options.databaseUrl, options.shop);
  const stored = options.acknowledgedEventIds.filter((id) => storedIds.has(id)).length;

  const queue = new Queue(QUEUES.sync, { connection: redisConnection(options.redisUrl) });
  try {
    const prefix = `${queue.opts.prefix ?? "bull"}:${QUEUES.sync}:`;
    const pipeline = options.redis.pipeline();
    for (const eventId of options.acknowledgedEventIds) pipeline.exists(prefix + jobIds.webhookEvent(options.shop, eventId));
    const exists = (await pipeline.exec()) ?? [];
    const queued = exists.filter(([error, found]) => !error && found === 1).length;
    const counts = await queue.getJobCounts("wait", "paused", "delayed", "prioritized", "active", "completed", "failed");
    const queuedTotal = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const acknowledged = options.acknowledgedEventIds.length;
    return {
      acknowledged,
      stored,
      queued,
      storedTotal: storedIds.size,
      queuedTotal,
      queueStates: counts,
      ok: acknowledged === stored && stored === queued,
    };
  } finally {
    await queue.close();
  }
}

/** The floor keeps no ids: every acknowledged body must be on its list, and nothing else. */
export async function auditFloorDeliveries(options: { redis: Redis; listKey: string; acknowledged: number }): Promise<DeliveryAudit> {
  const onList = await options.redis.llen(options.listKey);
  return {
    acknowledged: options.acknowledged,
    stored: Math.min(onList, options.acknowledged),
    queued: Math.min(onList, options.acknowledged),
    storedTotal: onList,
    queuedTotal: onList,
    ok: onList === options.acknowledged,
  };
}
