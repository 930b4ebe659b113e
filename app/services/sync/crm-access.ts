import type { Db } from "../../db.server";
import type { OrderMappingSettings } from "../../sync/mapping";
import type { CrmRetryOptions } from "../crm/backoff";
import { createCrmClient, type CrmClient } from "../crm/client";
import type { CrmRateLimiter } from "../crm/rate-limiter";
import { revealCrmApiKey } from "../crm-connection";
import { SyncError } from "../errors";
import type { Logger } from "../logger";
import { loadShopSettings } from "../settings";

/** What one job needs to talk to a shop's CRM. Build a fresh one per job. */
export interface CrmAccess {
  readonly shop: string;
  readonly site: string;
  readonly client: CrmClient;
  readonly settings: OrderMappingSettings;
  /**
   * Call when a job starts, before it reads or sends anything. When other jobs of this process already queue for the
   * shop's API key (CrmRateLimiter.admit), throws a requeue-later error (see requeueLater), so the job goes back to
   * the queue as delayed instead of holding a worker while they drain (DESIGN.md §4.6). Takes no request slot.
   */
  gate(): void;
}

/** The data of a requeue-later error: the webhook-event processor puts the job back as delayed for `retryAfterMs`. */
export interface RequeueLaterData {
  shop: string;
  retryAfterMs: number;
}

/**
 * An error that asks for the job to come back later without using up an attempt: other jobs already queue for the
 * shop's CRM key, or another job (or delivery) is sending a record this one needs. Kind `rate_limited`, so anything
 * that does not know it still treats it as worth retrying.
 */
export function requeueLater(shop: string, retryAfterMs: number, message: string): SyncError<RequeueLaterData> {
  return new SyncError<RequeueLaterData>("rate_limited", message, { shop, retryAfterMs });
}

export interface CrmAccessLoaderDeps {
  db: Db;
  encryptionKey: Buffer;
  /** The shared per-key limiter (Redis): every process and machine draws from the same window. */
  limiter: CrmRateLimiter;
  logger: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retry?: CrmRetryOptions;
  /**
   * For work outside the queue (the backfill command): `gate()` does nothing and every request waits for its slot.
   * Queue workers leave this off, so a busy shop's jobs step aside instead of holding workers.
   */
  waitForSlots?: boolean;
}

/** `crmFor(shop)`: loads the shop's connection and settings and builds its client for one job. */
export function createCrmAccessLoader(deps: CrmAccessLoaderDeps): (shop: string) => Promise<CrmAccess> {
  return async (shop) => {
    const row = await deps.db.shop.findUnique({ where: { domain: shop } });
    if (!row || row.status === "uninstalled") {
      throw new SyncError("auth", `The app is not installed on ${shop} any more, so nothing is sent to RetailCRM for it.`, { shop, uninstalled: true });
    }
    if (!row.crmUrl || !row.crmSite) {
      throw new SyncError("auth", `${shop} is not connected to RetailCRM yet. Connect it in the app's settings, then retry.`, { shop });
    }
    const apiKey = revealCrmApiKey(row, deps.encryptionKey);
    const settings = await loadShopSettings(deps.db, shop);
    const client = createCrmClient({
      baseUrl: row.crmUrl,
      apiKey,
      site: row.crmSite,
      limiter: deps.limiter,
      fetch: deps.fetch,
      logger: deps.logger,
      timeoutMs: deps.timeoutMs,
      retry: deps.retry,
    });
    const gate = () => {
      if (deps.waitForSlots) return;
      const admitted = deps.limiter.admit(apiKey);
      if (!admitted.ok) {
        throw requeueLater(
          shop,
          admitted.retryAfterMs,
          `Other jobs of ${shop} are using its RetailCRM request limit; this one continues in ${Math.ceil(admitted.retryAfterMs / 100) / 10} s.`,
        );
      }
    };
    return { shop, site: row.crmSite, client, settings, gate };
  };
}

/** True for a requeue-later error: the job should wait `retryAfterMs` without using up an attempt. */
export function isRequeueLaterError(error: unknown): error is SyncError<RequeueLaterData> {
  return error instanceof SyncError && error.kind === "rate_limited" && typeof (error.data as Partial<RequeueLaterData>).retryAfterMs === "number";
}
