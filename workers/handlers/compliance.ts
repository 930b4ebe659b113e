import type { Db } from "../../app/db.server";
import { recordLedger } from "../../app/services/ledger";
import { parseJsonLosslessly } from "../../app/sync/mapping/parse-shopify";
import type { TopicHandler } from "./types";

// Shopify's mandatory compliance topics. The connector keeps only what it needs to sync (ids, hashes, the
// deliveries it has not processed yet); these handlers report or erase exactly that. Customer data in RetailCRM
// belongs to the merchant's CRM and is left to the merchant's own policy there; the ledger says so.

export interface ComplianceDeps {
  db: Db;
  /** Removes the shop's recurring jobs (catalog schedule and any others). */
  removeShopSchedules(shop: string): Promise<void>;
}

interface CustomerPrivacyPayload {
  customer?: { id?: number | string };
  orders_requested?: Array<number | string>;
  orders_to_redact?: Array<number | string>;
}

function parse(payload: string): CustomerPrivacyPayload {
  return (parseJsonLosslessly(payload)?.value ?? {}) as CustomerPrivacyPayload;
}

function idsOf(values: Array<number | string> | undefined): string[] {
  return (values ?? []).map(String);
}

export function createDataRequestHandler(deps: ComplianceDeps): TopicHandler {
  return async (event) => {
    const body = parse(event.payload);
    const customerId = String(body.customer?.id ?? event.entityId ?? "");
    const orderIds = idsOf(body.orders_requested);
    const [records, deliveries] = await Promise.all([
      deps.db.syncRecord.count({
        where: { shop: event.shop, OR: [{ entity: "customer", shopifyId: customerId }, { entity: "order", shopifyId: { in: orderIds } }] },
      }),
      deps.db.webhookEvent.count({ where: { shop: event.shop, entityId: { in: [customerId, ...orderIds] }, NOT: { eventId: event.eventId } } }),
    ]);
    await recordLedger(
      deps.db,
      { shop: event.shop, entity: "webhook", direction: "to_crm", sourceId: event.eventId },
      {
        state: "skipped",
        lastError:
          `Customer data request for Shopify customer ${customerId}: the connector holds ${records} sync record(s) (ids and sync state only) ` +
          `and ${deliveries} webhook delivery(ies) about this customer and their ${orderIds.length} order(s). ` +
          "The customer's details themselves are in Shopify and in RetailCRM: export them from there.",
      },
    );
    return "synced";
  };
}

export function createCustomerRedactHandler(deps: ComplianceDeps): TopicHandler {
  return async (event) => {
    const body = parse(event.payload);
    const customerId = String(body.customer?.id ?? event.entityId ?? "");
    const orderIds = idsOf(body.orders_to_redact);
    const [records, deliveries] = await deps.db.$transaction([
      deps.db.syncRecord.deleteMany({
        where: { shop: event.shop, OR: [{ entity: "customer", shopifyId: customerId }, { entity: "order", shopifyId: { in: orderIds } }] },
      }),
      deps.db.webhookEvent.deleteMany({ where: { shop: event.shop, entityId: { in: [customerId, ...orderIds] }, NOT: { eventId: event.eventId } } }),
      // The redact request itself names the customer: keep that it happened, not who it was.
      deps.db.webhookEvent.updateMany({ where: { shop: event.shop, eventId: event.eventId }, data: { payload: "{}" } }),
    ]);
    await recordLedger(
      deps.db,
      { shop: event.shop, entity: "webhook", direction: "to_crm", sourceId: event.eventId },
      {
        state: "synced",
        lastError:
          `Shopify asked to erase customer ${customerId}: the connector deleted its ${records.count} sync record(s) and ${deliveries.count} stored delivery(ies). ` +
          "RetailCRM keeps its own copy of the customer and their orders: erase them there too if your privacy policy requires it.",
      },
    );
    return "synced";
  };
}

export function createShopRedactHandler(deps: ComplianceDeps): TopicHandler {
  return async (event) => {
    const shop = event.shop;
    await deps.removeShopSchedules(shop);
    await deps.db.$transaction([
      deps.db.session.deleteMany({ where: { shop } }),
      deps.db.syncRecord.deleteMany({ where: { shop } }),
      deps.db.crmCursor.deleteMany({ where: { shop } }),
      deps.db.catalogBuild.deleteMany({ where: { shop } }),
      deps.db.catalogFile.deleteMany({ where: { shop } }),
      deps.db.catalogFetch.deleteMany({ where: { shop } }),
      deps.db.webhookEvent.deleteMany({ where: { shop } }),
      deps.db.shop.deleteMany({ where: { domain: shop } }),
    ]);
    return "synced";
  };
}
