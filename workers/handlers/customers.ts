import type { Db } from "../../app/db.server";
import { recordLedger } from "../../app/services/ledger";
import type { Logger } from "../../app/services/logger";
import type { ShopifyGraphql } from "../../app/services/shopify/admin-graphql";
import { fetchCustomerForCrm } from "../../app/services/shopify/operations/customers/customer-for-crm";
import type { CrmAccess } from "../../app/services/sync/crm-access";
import { customerLedgerKey, syncCustomerToCrm, type CustomerSyncOutcome } from "../../app/services/sync/customer-to-crm";
import { settleSyncFailure } from "../../app/services/sync/sync-failure";
import type { JobOutcome } from "../runtime";
import type { TopicHandler } from "./types";

/**
 * What the customer and order handlers need. In the worker: `crmFor` is createCrmAccessLoader (app/services/sync/
 * crm-access.ts) over the shared Redis limiter, `shopifyFor` is getShopifyGraphql (app/services/shopify/admin.server.ts).
 */
export interface SyncHandlerDeps {
  db: Db;
  /** A fresh CRM access for one job (client, site, settings, per-shop rate gate); throws `auth` when not connected. */
  crmFor(shop: string): Promise<CrmAccess>;
  /** The shop's Admin GraphQL API; throws `auth` (data.uninstalled) when the shop has no offline session. */
  shopifyFor(shop: string, logger: Logger): Promise<ShopifyGraphql>;
}

export function toJobOutcome(outcome: CustomerSyncOutcome | "stale"): JobOutcome {
  switch (outcome) {
    case "created":
    case "updated":
    case "linked":
      return "synced";
    case "unchanged":
    case "stale":
      return "skipped";
    case "failed":
      return "failed";
  }
}

/**
 * customers/create, customers/update, customer.tags_added, customer.tags_removed and
 * customers_email_marketing_consent/update: the delivery only says which customer changed; the current customer
 * (tags and consent included) is read from Shopify and synced. customers/delete keeps the CRM customer.
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
      const customer = await fetchCustomerForCrm(await deps.shopifyFor(shop, ctx.logger), customerId, { signal: ctx.signal });
      if (!customer) {
        await recordLedger(deps.db, key, {
          state: "skipped",
          shopifyId: customerId,
          lastError: "The customer was deleted in Shopify before it could be sent to RetailCRM.",
        });
        return "skipped";
      }
      const result = await syncCustomerToCrm({ db: deps.db, logger: ctx.logger }, { shop, customer, crm });
      return toJobOutcome(result.outcome);
    } catch (error) {
      return settleSyncFailure(deps.db, key, error, { finalAttempt: ctx.finalAttempt, shopifyId: customerId });
    }
  };
}
