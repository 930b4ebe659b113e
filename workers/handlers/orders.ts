import { recordLedger } from "../../app/services/ledger";
import type { ShopifyGraphql } from "../../app/services/shopify/admin-graphql";
import { claimBacklog } from "../../app/services/sync/backlog";
import { requeueLater } from "../../app/services/sync/crm-access";
import { CUSTOMER_BUSY_WAIT_MS } from "../../app/services/sync/customer-to-crm";
import { CUSTOMER_DELIVERY_WAIT_MS, findCustomerOnItsWay, syncOrderBatchToCrm } from "../../app/services/sync/order-batch-to-crm";
import { orderLedgerKey, syncOrderToCrm } from "../../app/services/sync/order-to-crm";
import { settleSyncFailure } from "../../app/services/sync/sync-failure";
import { toJobOutcome, type SyncHandlerDeps } from "./customers";
import type { TopicHandler } from "./types";

/**
 * orders/create, orders/updated, orders/paid, orders/cancelled and orders/fulfilled: the body is the whole order,
 * synced as it is (older deliveries change nothing), with other waiting orders of the shop when there is a
 * backlog. orders/edited carries only the edit; Shopify follows every committed edit with orders/updated, which
 * carries the edited order, so the edit itself needs no work.
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
    const shopifyApi = () => (shopify ??= deps.shopifyFor(shop, ctx.logger));
    const services = { db: deps.db, logger: ctx.logger };
    try {
      if (deps.lock) {
        const customerId = await findCustomerOnItsWay(services, shop, event.payload, orderId);
        if (customerId) {
          throw requeueLater(shop, CUSTOMER_DELIVERY_WAIT_MS, `The customer ${customerId} of order ${orderId} waits to be sent to RetailCRM by its own delivery; the order follows it.`);
        }
      }
      const crm = await deps.crmFor(shop);
      crm.gate();
      const claim =
        deps.lock && deps.backlog
          ? await claimBacklog(deps.db, deps.lock, deps.backlog, { shop, entity: "order", current: { ...event, entityId: orderId } })
          : undefined;
      if (claim) {
        let results: Awaited<ReturnType<typeof syncOrderBatchToCrm>>;
        try {
          results = await syncOrderBatchToCrm(services, { shop, crm, events: claim.events, shopify: shopifyApi, lock: deps.lock, signal: ctx.signal });
        } catch (error) {
          await claim.release();
          throw error;
        }
        const statuses = new Map<string, "processed" | "failed">();
        for (const [eventId, result] of results) statuses.set(eventId, result.outcome === "failed" ? "failed" : "processed");
        await claim.finish(statuses);
        ctx.logger.debug({ shop, deliveries: claim.events.length, handled: results.size }, "order backlog sent as one batch");
        const own = results.get(event.eventId);
        if (!own) throw requeueLater(shop, CUSTOMER_BUSY_WAIT_MS, `The customer of order ${orderId} is being sent to RetailCRM by another job; the order follows it.`);
        return toJobOutcome(own.outcome);
      }
      const result = await syncOrderToCrm(services, {
        shop,
        payload: event.payload,
        fallbackOrderId: orderId,
        crm,
        shopify: shopifyApi,
        lock: deps.lock,
        signal: ctx.signal,
      });
      return toJobOutcome(result.outcome);
    } catch (error) {
      return settleSyncFailure(deps.db, orderLedgerKey(shop, orderId), error, { finalAttempt: ctx.finalAttempt, shopifyId: orderId });
    }
  };
}
