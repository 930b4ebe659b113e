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

/** How far past the oldest waiting records a claim looks for ones no other batch holds: pages of 4 × maxRecords. */
const MAX_CLAIM_PAGES = 5;

/** The records among `entityIds` with a delivery waiting in the inbox: their own jobs will send them. */
export async function findWaitingRecords(db: Db, shop: string, entity: "customer" | "order", entityIds: readonly string[]): Promise<Set<string>> {
  if (entityIds.length === 0) return new Set();
  const rows = await db.webhookEvent.findMany({
    where: { shop, status: "received", topic: { in: [...RECORD_TOPICS[entity]] }, entityId: { in: [...entityIds] } },
    select: { entityId: true },
  });
  return new Set(rows.map((row) => row.entityId as string));
}

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
  const pageSize = maxRecords * 4;
  const where = { shop, status: "received", topic: { in: topics }, entityId: { not: null }, eventId: { not: current.eventId } };

  // Oldest first, a page at a time: records other batches hold are passed over, so several jobs claiming at once
  // each still fill a batch.
  const taken = [current.entityId];
  const seen = new Set(taken);
  const held: Array<{ release(): Promise<void> }> = [];
  const releaseAll = async () => {
    await Promise.all(held.map((locks) => locks.release()));
  };
  let events: ClaimedEvent[];
  try {
    for (let page = 0; page < MAX_CLAIM_PAGES && taken.length < maxRecords; page += 1) {
      const rows = await db.webhookEvent.findMany({ where, orderBy: { receivedAt: "asc" }, skip: page * pageSize, take: pageSize, select: { entityId: true } });
      const candidates = [...new Set(rows.map((row) => row.entityId as string))].filter((id) => !seen.has(id));
      if (page === 0 && candidates.length < minWaiting) return undefined;
      for (const id of candidates) seen.add(id);
      const keys = candidates.map((id) => buildEntityLockKey(shop, entity, id));
      const locks = await lock.tryLockSome(keys, maxRecords - taken.length);
      held.push(locks);
      const locked = new Set(locks.keys);
      taken.push(...candidates.filter((_, index) => locked.has(keys[index]!)));
      if (rows.length < pageSize) break;
    }
    if (taken.length === 1) {
      await releaseAll();
      return undefined;
    }
    // Read under the locks: a delivery its own job finished in the meantime is no longer "received".
    const rows = await db.webhookEvent.findMany({
      where: { shop, status: "received", topic: { in: topics }, entityId: { in: taken }, eventId: { not: current.eventId } },
      orderBy: { receivedAt: "asc" },
      select: { eventId: true, topic: true, entityId: true, payload: true, receivedAt: true },
    });
    events = [current, ...rows.map((row) => ({ ...row, entityId: row.entityId as string }))];
  } catch (error) {
    await releaseAll();
    throw error;
  }
  return {
    events,
    async finish(outcomes) {
      try {
        const processedAt = new Date();
        for (const status of ["processed", "failed"] as const) {
          const eventIds = events.filter((event) => event.eventId !== current.eventId && outcomes.get(event.eventId) === status).map((event) => event.eventId);
          if (eventIds.length > 0) await db.webhookEvent.updateMany({ where: { shop, eventId: { in: eventIds } }, data: { status, processedAt } });
        }
      } finally {
        await releaseAll();
      }
    },
    release: releaseAll,
  };
}
