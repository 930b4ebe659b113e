import { createHash } from "node:crypto";
import type { Queue } from "bullmq";
import type { Db } from "../app/db.server";
import { CATALOG_BUILD_JOB_OPTIONS } from "../app/services/catalog/catalog-jobs";
import type { Logger } from "../app/services/logger";
import { jobIds, QUEUES, type QueueSet } from "./queues";

/** Every shop's catalog is rebuilt this often. */
export const CATALOG_SCHEDULE_EVERY_MS = 4 * 3_600_000;

const CATALOG_SCHEDULER_PREFIX = jobIds.catalogScheduler("");

/**
 * Where in each interval a shop's build falls: a hash of the domain, so every shop keeps the same slot across
 * restarts and workers while the shops spread evenly over the 4 hours instead of all building at once.
 */
export function catalogScheduleOffsetMs(shop: string, everyMs = CATALOG_SCHEDULE_EVERY_MS): number {
  const hash = createHash("sha256").update(shop).digest().readUIntBE(0, 6);
  // BullMQ reads an offset of 0 as "no offset" and would align to the moment of registration instead.
  return (hash % (everyMs - 1)) + 1;
}

/**
 * Registers (or re-registers, unchanged) the shop's recurring catalog build. Idempotent: the scheduler id is
 * derived from the shop, so restarts and several workers calling this leave exactly one scheduler and one
 * pending run per shop.
 */
export async function upsertCatalogSchedule(queue: Queue, shop: string, options: { everyMs?: number } = {}): Promise<void> {
  const every = options.everyMs ?? CATALOG_SCHEDULE_EVERY_MS;
  await queue.upsertJobScheduler(
    jobIds.catalogScheduler(shop),
    { every, offset: catalogScheduleOffsetMs(shop, every) },
    { name: "catalog-build", data: { shop, trigger: "schedule" }, opts: CATALOG_BUILD_JOB_OPTIONS },
  );
}

/** Stops the shop's recurring catalog build (uninstall, shop/redact). Returns false when there was none. */
export async function removeCatalogSchedule(queue: Queue, shop: string): Promise<boolean> {
  return queue.removeJobScheduler(jobIds.catalogScheduler(shop));
}

/** How often the inbox is checked for deliveries whose job was lost. */
export const INBOX_SWEEP_EVERY_MS = 5 * 60_000;

/** Registers the one inbox sweep of the fleet (idempotent: a fixed scheduler id, whichever worker calls it). */
export async function upsertInboxSweepSchedule(queue: Queue, options: { everyMs?: number } = {}): Promise<void> {
  await queue.upsertJobScheduler(
    jobIds.inboxSweepScheduler,
    { every: options.everyMs ?? INBOX_SWEEP_EVERY_MS },
    { name: "inbox-sweep", data: {}, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
  );
}

export interface CatalogScheduleDeps {
  db: Db;
  queues: QueueSet;
  logger?: Logger;
  everyMs?: number;
}

/**
 * At worker boot: one catalog scheduler for every connected shop, and none for shops that are no longer connected
 * (uninstalled while no worker ran).
 */
export async function ensureCatalogSchedules(deps: CatalogScheduleDeps): Promise<{ registered: string[]; removed: string[] }> {
  const queue = deps.queues.get(QUEUES.catalog);
  const shops = await deps.db.shop.findMany({ where: { status: "connected" }, select: { domain: true }, orderBy: { domain: "asc" } });
  for (const { domain } of shops) await upsertCatalogSchedule(queue, domain, { everyMs: deps.everyMs });

  const wanted = new Set(shops.map(({ domain }) => jobIds.catalogScheduler(domain)));
  const removed: string[] = [];
  for (const scheduler of await queue.getJobSchedulers(0, -1)) {
    if (!scheduler.key.startsWith(CATALOG_SCHEDULER_PREFIX) || wanted.has(scheduler.key)) continue;
    if (await queue.removeJobScheduler(scheduler.key)) removed.push(scheduler.key);
  }
  const registered = shops.map(({ domain }) => domain);
  deps.logger?.info({ registered: registered.length, removed: removed.length }, "catalog schedules ensured");
  return { registered, removed };
}
