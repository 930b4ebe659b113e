import { recordLedger } from "../../app/services/ledger";
import type { ShopifyGraphql } from "../../app/services/shopify/admin-graphql";
import { orderLedgerKey, syncOrderToCrm } from "../../app/services/sync/order-to-crm";
import { settleSyncFailure } from "../../app/services/sync/sync-failure";
import { toJobOutcome, type SyncHandlerDeps } from "./customers";
import type { TopicHandler } from "./types";

/**
 * orders/create, orders/updated, orders/paid, orders/cancelled and orders/fulfilled: the body is the whole order,
 * synced as it is (older deliveries change nothing). orders/edited carries only the edit; Shopify follows every
 * committed edit with orders/updated, which carries the edited order, so the edit itself needs no work.
 */
export function createOrderHandler(deps: SyncHandlerDeps): TopicHandler {
  return async (event, ctx) => {
    const { shop } = event;
    if (event.topic === "orders/edited") {
      ctx.logger.debug({ shop, orderId: event.entityId }, "order edit: the orders/updated that follows it carries the order");
      return "noop";
    }
    const orderId = event.entityId;
    if (!orderId) {
      await recordLedger(
        deps.db,
        { shop, entity: "webhook", direction: "to_crm", sourceId: event.eventId },
        { state: "failed", lastError: `Shopify sent a ${event.topic} webhook that names no order, so nothing could be synced from it.`, attempt: true },
      );
      return "failed";
    }

    let shopify: Promise<ShopifyGraphql> | undefined;
    try {
      const crm = await deps.crmFor(shop);
      const result = await syncOrderToCrm(
        { db: deps.db, logger: ctx.logger },
        {
          shop,
          payload: event.payload,
          fallbackOrderId: orderId,
          crm,
          shopify: () => (shopify ??= deps.shopifyFor(shop, ctx.logger)),
          signal: ctx.signal,
        },
      );
      return toJobOutcome(result.outcome);
    } catch (error) {
      return settleSyncFailure(deps.db, orderLedgerKey(shop, orderId), error, { finalAttempt: ctx.finalAttempt, shopifyId: orderId });
    }
  };
}
