import type { Db } from "../../app/db.server";
import { recordLedger } from "../../app/services/ledger";
import type { Logger } from "../../app/services/logger";
import type { ShopifyGraphql } from "../../app/services/shopify/admin-graphql";
import { fetchCustomerForCrm } from "../../app/services/shopify/operations/customers/customer-for-crm";
import { claimBacklog, type BacklogOptions } from "../../app/services/sync/backlog";
import type { CrmAccess } from "../../app/services/sync/crm-access";
import type { EntityLock } from "../../app/services/entity-lock";
import { syncCustomerEventsToCrm } from "../../app/services/sync/customer-batch-to-crm";
import { customerLedgerKey, recordCustomerGone, syncCustomerToCrm, type CustomerSyncOutcome } from "../../app/services/sync/customer-to-crm";
import { settleSyncFailure } from "../../app/services/sync/sync-failure";
import type { JobOutcome } from "../runtime";
import type { TopicHandler } from "./types";

/**
 * What the customer and order handlers need. In the worker: `crmFor` is createCrmAccessLoader (app/services/sync/
 * crm-access.ts) over the shared Redis limiter, `shopifyFor` is getShopifyGraphql (app/services/shopify/admin.server.ts),
 * `lock` the same EntityLock (same prefix) the webhook-event processor uses.
 */
export interface SyncHandlerDeps {
  db: Db;
  /** A fresh CRM access for one job (client, site, settings, per-shop rate gate); throws `auth` when not connected. */
  crmFor(shop: string): Promise<CrmAccess>;
  /** The shop's Admin GraphQL API; throws `auth` (data.uninstalled) when the shop has no offline session. */
  shopifyFor(shop: string, logger: Logger): Promise<ShopifyGraphql>;
  /**
   * The processor's entity lock. With it, an order's customer is sent under the customer's lock (no double sends
   * when customers/create and orders/create arrive together), and backlogs can be batched.
   */
  lock?: EntityLock;
  /** With `lock`: a delivery that finds other records of its kind waiting sends them in one batch. */
  backlog?: BacklogOptions;
}

export function toJobOutcome(outcome: CustomerSyncOutcome | "stale"): JobOutcome {
  switch (outcome) {
    case "created":
    case "updated":
    case "linked":
      return "synced";
    case "unchanged":
    case "stale":
    case "skipped":
      return "skipped";
    case "failed":
      return "failed";
  }
}

/**
 * customers/create, customers/update, customer.tags_added, customer.tags_removed and
 * customers_email_marketing_consent/update: the delivery only says which customer changed; the current customer
 * (tags and consent included) is read from Shopify and synced, with other waiting customers of the shop when
 * there is a backlog. customers/delete keeps the CRM customer.
 */
export function createCustomerHandler(deps: SyncHandlerDeps): TopicHandler {
  return async (event, ctx) => {
    const { shop } = event;
    const customerId = event.entityId;
    if (!customerId) {
      await recordLedger(
        deps.db,
        { shop, entity: "webhook", direction: "to_crm", sourceId: event.eventId },
        { state: "failed", lastError: `Shopify sent a ${event.topic} webhook that names no customer, so nothing could be synced from it.`, attempt: true },
      );
      return "failed";
    }
    const key = customerLedgerKey(shop, customerId);

    if (event.topic === "customers/delete") {
      const previous = await deps.db.syncRecord.findUnique({ where: { shop_entity_direction_sourceId: key } });
      await recordLedger(deps.db, key, {
        state: "skipped",
        shopifyId: customerId,
        lastError:
          `The customer was deleted in Shopify. ${previous?.crmId ? `The RetailCRM customer ${previous.crmId} was kept` : "Nothing was deleted in RetailCRM"}, ` +
          "with their order history; delete it in RetailCRM if you no longer need it.",
      });
      return "skipped";
    }

    try {
      const crm = await deps.crmFor(shop);
      crm.gate();
      let shopify: Promise<ShopifyGraphql> | undefined;
      const shopifyApi = () => (shopify ??= deps.shopifyFor(shop, ctx.logger));
      const claim =
        deps.lock && deps.backlog
          ? await claimBacklog(deps.db, deps.lock, deps.backlog, { shop, entity: "customer", current: { ...event, entityId: customerId } })
          : undefined;
      if (claim) {
        try {
          const results = await syncCustomerEventsToCrm(
            { db: deps.db, logger: ctx.logger },
            { shop, crm, events: claim.events, shopify: shopifyApi, signal: ctx.signal },
          );
          await claim.finish(new Map(claim.events.map((e) => [e.eventId, results.get(e.eventId)?.outcome === "failed" ? "failed" : "processed"])));
          ctx.logger.debug({ shop, customers: claim.events.length }, "customer backlog sent as one batch");
          return toJobOutcome(results.get(event.eventId)?.outcome ?? "skipped");
        } catch (error) {
          await claim.release();
          throw error;
        }
      }
      const customer = await fetchCustomerForCrm(await shopifyApi(), customerId, { signal: ctx.signal });
      const result = customer
        ? await syncCustomerToCrm({ db: deps.db, logger: ctx.logger }, { shop, customer, crm })
        : await recordCustomerGone({ db: deps.db, logger: ctx.logger }, shop, customerId);
      return toJobOutcome(result.outcome);
    } catch (error) {
      return settleSyncFailure(deps.db, key, error, { finalAttempt: ctx.finalAttempt, shopifyId: customerId });
    }
  };
}
