import type { Db } from "../../db.server";
import { isSyncError } from "../errors";
import { recordLedger, type LedgerKey } from "../ledger";
import { isRequeueLaterError } from "./crm-access";

/**
 * Ends a sync that threw, the way the webhook-event processor expects (workers/handlers/types.ts):
 * - requeue later (other jobs already queue for the shop's CRM key, or another job is sending a record this one needs):
 *   rethrown, the job waits as delayed without using an attempt;
 * - the app is uninstalled: the entity's ledger row says so ("skipped"), nothing is retried;
 * - outages (`upstream`, `rate_limited`, unexpected errors): rethrown for backoff; on the last attempt the
 *   entity's row is marked failed first, so the merchant sees which record is affected;
 * - anything a human must fix (`validation`, `auth`, `not_found`, `conflict`): the row is marked failed in the
 *   error's plain words and the job ends; `npm run cli -- retry` runs it again after the fix.
 */
export async function settleSyncFailure(
  db: Db,
  key: LedgerKey,
  error: unknown,
  options: { finalAttempt: boolean; shopifyId?: string },
): Promise<"failed" | "skipped"> {
  if (isRequeueLaterError(error)) throw error;
  const retryable = isSyncError(error) ? error.kind === "rate_limited" || error.kind === "upstream" : true;
  const words = isSyncError(error) ? error.toPlainWords() : `Unexpected error: ${(error as Error)?.message ?? String(error)}`;
  if (retryable) {
    if (options.finalAttempt) {
      await recordLedger(db, key, {
        state: "failed",
        shopifyId: options.shopifyId,
        lastError: `Gave up after several attempts: ${words} Retry it once the problem is solved.`,
        attempt: true,
      });
    }
    throw error;
  }
  if (isSyncError(error) && error.kind === "auth" && (error.data as { uninstalled?: unknown }).uninstalled === true) {
    await recordLedger(db, key, { state: "skipped", shopifyId: options.shopifyId, lastError: words });
    return "skipped";
  }
  await recordLedger(db, key, { state: "failed", shopifyId: options.shopifyId, lastError: words, attempt: true });
  return "failed";
}
