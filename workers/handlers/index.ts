import { getShopifyGraphql } from "../../app/services/shopify/admin.server";
import { QUEUES } from "../queues";
import { removeCatalogSchedule } from "../schedules";
import type { WorkerDeps } from "../deps";
import { createCustomerRedactHandler, createDataRequestHandler, createShopRedactHandler } from "./compliance";
import { createCustomerHandler } from "./customers";
import { createOrderHandler } from "./orders";
import { createProductsHandler } from "./products";
import type { TopicHandlers } from "./types";

/** Every subscribed topic and its handler; a topic without one fails to compile. */
export function createTopicHandlers(deps: WorkerDeps, options: { catalogRebuildDelayMs?: number } = {}): TopicHandlers {
  // The processor's lock: an order's new customer is sent under the customer's lock, and waiting deliveries of one
  // kind are claimed under theirs and sent 50 at a time.
  const sync = { db: deps.db, crmFor: deps.crmFor, shopifyFor: getShopifyGraphql, lock: deps.lock, backlog: {} };
  const customer = createCustomerHandler(sync);
  const order = createOrderHandler(sync);
  const products = createProductsHandler({ db: deps.db, queues: deps.queues, rebuildDelayMs: options.catalogRebuildDelayMs });
  const compliance = {
    db: deps.db,
    removeShopSchedules: async (shop: string) => {
      await removeCatalogSchedule(deps.queues.get(QUEUES.catalog), shop);
    },
  };
  return {
    "customers/create": customer,
    "customers/update": customer,
    "customers/delete": customer,
    "customer.tags_added": customer,
    "customer.tags_removed": customer,
    "customers_email_marketing_consent/update": customer,
    "orders/create": order,
    "orders/updated": order,
    "orders/paid": order,
    "orders/cancelled": order,
    "orders/fulfilled": order,
    "orders/edited": order,
    "products/create": products,
    "products/update": products,
    "products/delete": products,
    "customers/data_request": createDataRequestHandler(compliance),
    "customers/redact": createCustomerRedactHandler(compliance),
    "shop/redact": createShopRedactHandler(compliance),
  };
}
