import type { Db } from "../../db.server";
import { buildEntityLockKey, type EntityLock } from "../entity-lock";
import { WEBHOOK_TOPICS } from "../webhook-topics";

/** The deliveries that carry a record to sync (customers/delete and orders/edited do not). */
export const RECORD_TOPICS: Record<"customer" | "order", readonly string[]> = {
  customer: Object.values(WEBHOOK_TOPICS)
    .filter((t) => t.entity === "customer" && t.topic !== "customers/delete")
    .map((t) => t.topic),
  order: Object.values(WEBHOOK_TOPICS)
    .filter((t) => t.entity === "order" && t.topic !== "orders/edited")
    .map((t) => t.topic),
};

export interface BacklogOptions {
  /** Records per batch; RetailCRM's uploads take 50. */
  maxRecords?: number;
  /** Other records that must be waiting before a delivery is sent as a batch instead of on its own. */
  minWaiting?: number;
}

export interface ClaimedEvent {
  eventId: string;
  topic: string;
  entityId: string;
  payload: string;
  receivedAt: Date;
}

export interface BacklogClaim {
  /** The deliveries of the batch, the current one included, oldest first. */
  events: ClaimedEvent[];
  /**
   * Marks the taken-over deliveries that have an outcome (not the current one, which its own job finishes) and frees
   * the locks. Deliveries without an outcome stay unprocessed for their own jobs.
   */
  finish(outcomes: ReadonlyMap<string, "processed" | "failed">): Promise<void>;
  /** Frees the locks without touching the deliveries (their own jobs will run them). */
  release(): Promise<void>;
}

/**
 * Takes over the deliveries that wait for other records of the same kind in the same shop, so one job can send
 * them together. The current delivery's record is locked already (by its processor); every other record is taken
 * only if its lock is free, and only its deliveries that are still unprocessed once locked. Their own jobs then
 * find them processed and do nothing. Returns undefined when fewer than `minWaiting` other records wait.
 */
export async function claimBacklog(
  db: Db,
  lock: EntityLock,
  options: BacklogOptions,
  input: { shop: string; entity: "customer" | "order"; current: ClaimedEvent },
): Promise<BacklogClaim | undefined> {
  const { shop, entity, current } = input;
  const topics = [...RECORD_TOPICS[entity]];
  const maxRecords = options.maxRecords ?? 50;
  const minWaiting = options.minWaiting ?? 2;
  const waiting = await db.webhookEvent.findMany({
    where: { shop, status: "received", topic: { in: topics }, entityId: { not: null }, eventId: { not: current.eventId } },
    orderBy: { receivedAt: "asc" },
    take: maxRecords * 4,
    select: { entityId: true },
  });
  const others = [...new Set(waiting.map((row) => row.entityId as string))].filter((id) => id !== current.entityId);
  if (others.length < minWaiting) return undefined;

  const locks: Array<{ release(): Promise<void> }> = [];
  const taken = [current.entityId];
  for (const entityId of others) {
    if (taken.length >= maxRecords) break;
    const held = await lock.tryLock(buildEntityLockKey(shop, entity, entityId));
    if (!held) continue;
    locks.push(held);
    taken.push(entityId);
  }
  const releaseAll = async () => {
    await Promise.all(locks.map((lock) => lock.release()));
  };
  if (locks.length === 0) return undefined;

  // Read under the locks: a delivery its own job finished in the meantime is no longer "received".
  const rows = await db.webhookEvent.findMany({
    where: { shop, status: "received", topic: { in: topics }, entityId: { in: taken }, eventId: { not: current.eventId } },
    orderBy: { receivedAt: "asc" },
    select: { eventId: true, topic: true, entityId: true, payload: true, receivedAt: true },
  });
  const events: ClaimedEvent[] = [current, ...rows.map((row) => ({ ...row, entityId: row.entityId as string }))];
  return {
    events,
    async finish(outcomes) {
      try {
        const now = new Date();
        for (const event of events) {
          const status = outcomes.get(event.eventId);
          if (event.eventId === current.eventId || status === undefined) continue;
          await db.webhookEvent.update({ where: { shop_eventId: { shop, eventId: event.eventId } }, data: { status, processedAt: now } });
        }
      } finally {
        await releaseAll();
      }
    },
    release: releaseAll,
  };
}
