import type { Db } from "../../db.server";
import type { OrderMappingSettings } from "../../sync/mapping";
import type { CrmRetryOptions } from "../crm/backoff";
import { createCrmClient, type CrmClient } from "../crm/client";
import type { CrmRateLimiter } from "../crm/rate-limiter";
import { revealCrmApiKey } from "../crm-connection";
import { SyncError } from "../errors";
import type { Logger } from "../logger";
import { loadShopSettings } from "../settings";

/** What one job needs to talk to a shop's CRM. Build a fresh one per job: its rate gate is per job. */
export interface CrmAccess {
  readonly shop: string;
  readonly site: string;
  readonly client: CrmClient;
  readonly settings: OrderMappingSettings;
  /**
   * Call before the job's first CRM request. When the shop's API key has no request left in the current window,
   * throws a requeue-later error (see requeueLater), so the job goes back to the queue as delayed instead of
   * holding a worker while it waits (DESIGN.md §4.6). The slot taken here pays for the first request. Later calls
   * in the same job do nothing.
   */
  gate(): Promise<void>;
}

/** The data of a requeue-later error: the webhook-event processor puts the job back as delayed for `retryAfterMs`. */
export interface RequeueLaterData {
  shop: string;
  retryAfterMs: number;
}

/**
 * An error that asks for the job to come back later without using up an attempt: the shop's CRM key is out of
 * requests, or another job is sending a record this one needs. Kind `rate_limited`, so anything that does not know
 * it still treats it as worth retrying.
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
    const gated = deps.waitForSlots ? { limiter: deps.limiter, gate: async () => {} } : createGatedLimiter(deps.limiter, shop, apiKey);
    const client = createCrmClient({
      baseUrl: row.crmUrl,
      apiKey,
      site: row.crmSite,
      limiter: gated.limiter,
      fetch: deps.fetch,
      logger: deps.logger,
      timeoutMs: deps.timeoutMs,
      retry: deps.retry,
    });
    return { shop, site: row.crmSite, client, settings, gate: gated.gate };
  };
}

/**
 * A limiter whose first `acquire` is already paid for by `gate()`, so gating a job costs no extra request slot.
 * Requests of one job run one after another, so the single flag needs no locking.
 */
export function createGatedLimiter(limiter: CrmRateLimiter, shop: string, apiKey: string): { limiter: CrmRateLimiter; gate(): Promise<void> } {
  let gated = false;
  let prepaid = false;
  return {
    limiter: {
      async acquire(key) {
        if (prepaid && key === apiKey) {
          prepaid = false;
          return;
        }
        await limiter.acquire(key);
      },
      tryAcquire: (key) => limiter.tryAcquire(key),
    },
    async gate() {
      if (gated) return;
      const slot = await limiter.tryAcquire(apiKey);
      if (!slot.ok) {
        throw requeueLater(
          shop,
          slot.retryAfterMs,
          `RetailCRM's request limit for ${shop} is used up for the moment; the sync continues in ${Math.ceil(slot.retryAfterMs / 100) / 10} s.`,
        );
      }
      gated = true;
      prepaid = true;
    },
  };
}

/** True for a requeue-later error: the job should wait `retryAfterMs` without using up an attempt. */
export function isRequeueLaterError(error: unknown): error is SyncError<RequeueLaterData> {
  return error instanceof SyncError && error.kind === "rate_limited" && typeof (error.data as Partial<RequeueLaterData>).retryAfterMs === "number";
}
