import { computeOrderTotals, displayFulfillmentStatusOf } from "../store/order-totals";
import type { SimShopState } from "../store/shop-state";
import type { SimBulkOperation, SimCollection, SimCustomer, SimOrder, SimProduct, SimVariant } from "../store/types";
import type { SimSortKey } from "./connection";
import type { SimSearchSchema } from "./search-query";

/** Search fields and sort keys per resource, for the root connections. */

export function customerSearch(): SimSearchSchema<SimCustomer> {
  return {
    fields: {
      id: { kind: "id", get: (c) => c.id },
      email: { kind: "string", get: (c) => c.email },
      phone: { kind: "string", get: (c) => c.phone },
      first_name: { kind: "string", get: (c) => c.firstName },
      last_name: { kind: "string", get: (c) => c.lastName },
      state: { kind: "string", get: (c) => c.state.toLowerCase() },
      tag: { kind: "tags", get: (c) => c.tags },
      tag_not: { kind: "tags", get: (c) => c.tags },
      created_at: { kind: "date", get: (c) => c.createdAt },
      updated_at: { kind: "date", get: (c) => c.updatedAt },
      country: { kind: "string", get: (c) => c.addresses.find((a) => a.id === c.defaultAddressId)?.countryCode ?? null },
      accepts_marketing: { kind: "boolean", get: (c) => c.emailConsent?.state === "SUBSCRIBED" },
    },
    text: (c) => [c.firstName, c.lastName, c.email, c.phone, ...c.tags],
  };
}

export function customerSortKey(sortKey: string): (c: SimCustomer) => SimSortKey {
  switch (sortKey) {
    case "CREATED_AT":
      return (c) => [c.createdAt, c.id];
    case "UPDATED_AT":
      return (c) => [c.updatedAt, c.id];
    case "NAME":
      return (c) => [`${c.firstName ?? ""} ${c.lastName ?? ""}`.trim().toLowerCase(), c.id];
    default:
      return (c) => [c.id];
  }
}

export function orderSearch(state: SimShopState): SimSearchSchema<SimOrder> {
  const statusOf = (o: SimOrder) => (o.cancelledAt !== null ? "cancelled" : o.closedAt !== null ? "closed" : "open");
  return {
    fields: {
      id: { kind: "id", get: (o) => o.id },
      name: { kind: "string", get: (o) => o.name },
      email: { kind: "string", get: (o) => o.email },
      phone: { kind: "string", get: (o) => o.phone },
      tag: { kind: "tags", get: (o) => o.tags },
      tag_not: { kind: "tags", get: (o) => o.tags },
      status: {
        kind: "string",
        get: (o) => statusOf(o),
      },
      financial_status: { kind: "string", get: (o) => o.financialStatus.toLowerCase() },
      fulfillment_status: {
        kind: "string",
        get: (o) => ({ FULFILLED: "shipped", PARTIALLY_FULFILLED: "partial", UNFULFILLED: "unshipped" })[displayFulfillmentStatusOf(o)],
      },
      source_identifier: { kind: "string", get: (o) => o.sourceIdentifier },
      source_name: { kind: "string", get: (o) => o.sourceName },
      customer_id: { kind: "id", get: (o) => o.customerId },
      created_at: { kind: "date", get: (o) => o.createdAt },
      updated_at: { kind: "date", get: (o) => o.updatedAt },
      processed_at: { kind: "date", get: (o) => o.processedAt },
      test: { kind: "boolean", get: (o) => o.test },
      po_number: { kind: "string", get: (o) => o.poNumber },
    },
    text: (o) => {
      const customer = o.customerId === null ? undefined : state.customers.get(o.customerId);
      return [o.name, o.email, o.phone, customer?.firstName ?? null, customer?.lastName ?? null, ...o.tags];
    },
  };
}

/** `status:not_closed` is Shopify's name for open orders; the generic matcher knows only the three states. */
export function rewriteOrderQuery(query: string | null | undefined): string | null | undefined {
  return query?.replace(/\bstatus:not_closed\b/gi, "-status:closed").replace(/\bstatus:any\b/gi, "");
}

export function orderSortKey(sortKey: string): (o: SimOrder) => SimSortKey {
  switch (sortKey) {
    case "CREATED_AT":
      return (o) => [o.createdAt, o.id];
    case "UPDATED_AT":
      return (o) => [o.updatedAt, o.id];
    case "PROCESSED_AT":
      return (o) => [o.processedAt, o.id];
    case "ORDER_NUMBER":
      return (o) => [o.number];
    case "TOTAL_PRICE":
    case "CURRENT_TOTAL_PRICE":
      return (o) => [computeOrderTotals(o).currentTotalCents, o.id];
    case "FINANCIAL_STATUS":
      return (o) => [o.financialStatus, o.id];
    case "PO_NUMBER":
      return (o) => [o.poNumber ?? "", o.id];
    default:
      return (o) => [o.id];
  }
}

export function productSearch(state: SimShopState): SimSearchSchema<SimProduct> {
  return {
    fields: {
      id: { kind: "id", get: (p) => p.id },
      title: { kind: "string", get: (p) => p.title },
      handle: { kind: "string", get: (p) => p.handle },
      status: { kind: "string", get: (p) => p.status.toLowerCase() },
      vendor: { kind: "string", get: (p) => p.vendor },
      product_type: { kind: "string", get: (p) => p.productType },
      tag: { kind: "tags", get: (p) => p.tags },
      tag_not: { kind: "tags", get: (p) => p.tags },
      sku: { kind: "tags", get: (p) => p.variants.map((v) => v.sku ?? "") },
      barcode: { kind: "tags", get: (p) => p.variants.map((v) => v.barcode ?? "") },
      created_at: { kind: "date", get: (p) => p.createdAt },
      updated_at: { kind: "date", get: (p) => p.updatedAt },
      published_at: { kind: "date", get: (p) => p.publishedAt },
      published_status: { kind: "string", get: (p) => (p.publishedAt === null ? "unpublished" : "published") },
      collection_id: {
        kind: "tags",
        get: (p) => [...state.collections.values()].filter((c) => c.productIds.includes(p.id)).map((c) => String(c.id)),
      },
    },
    text: (p) => [p.title, p.vendor, p.productType, p.handle, ...p.tags],
  };
}

export function productSortKey(sortKey: string): (p: SimProduct) => SimSortKey {
  switch (sortKey) {
    case "TITLE":
      return (p) => [p.title.toLowerCase(), p.id];
    case "UPDATED_AT":
      return (p) => [p.updatedAt, p.id];
    case "CREATED_AT":
      return (p) => [p.createdAt, p.id];
    case "VENDOR":
      return (p) => [p.vendor.toLowerCase(), p.id];
    case "PRODUCT_TYPE":
      return (p) => [p.productType.toLowerCase(), p.id];
    case "PUBLISHED_AT":
      return (p) => [p.publishedAt ?? 0, p.id];
    case "INVENTORY_TOTAL":
      return (p) => [p.variants.reduce((sum, v) => sum + v.inventoryQuantity, 0), p.id];
    default:
      return (p) => [p.id];
  }
}

export function variantSearch(state: SimShopState): SimSearchSchema<SimVariant> {
  const productOf = (v: SimVariant) => state.products.get(v.productId);
  return {
    fields: {
      id: { kind: "id", get: (v) => v.id },
      sku: { kind: "string", get: (v) => v.sku },
      barcode: { kind: "string", get: (v) => v.barcode },
      title: { kind: "string", get: (v) => v.title },
      product_id: { kind: "id", get: (v) => v.productId },
      product_status: { kind: "string", get: (v) => productOf(v)?.status.toLowerCase() ?? null },
      updated_at: { kind: "date", get: (v) => v.updatedAt },
      created_at: { kind: "date", get: (v) => v.createdAt },
      inventory_quantity: { kind: "number", get: (v) => v.inventoryQuantity },
    },
    text: (v) => [v.title, v.sku, v.barcode, productOf(v)?.title ?? null],
  };
}

export function variantSortKey(sortKey: string): (v: SimVariant) => SimSortKey {
  switch (sortKey) {
    case "SKU":
      return (v) => [v.sku ?? "", v.id];
    case "TITLE":
    case "NAME":
    case "FULL_TITLE":
      return (v) => [v.title.toLowerCase(), v.id];
    case "POSITION":
      return (v) => [v.productId, v.position];
    case "INVENTORY_QUANTITY":
    case "INVENTORY_LEVELS_AVAILABLE":
      return (v) => [v.inventoryQuantity, v.id];
    default:
      return (v) => [v.id];
  }
}

export function collectionSearch(): SimSearchSchema<SimCollection> {
  return {
    fields: {
      id: { kind: "id", get: (c) => c.id },
      title: { kind: "string", get: (c) => c.title },
      handle: { kind: "string", get: (c) => c.handle },
      updated_at: { kind: "date", get: (c) => c.updatedAt },
      collection_type: { kind: "string", get: () => "custom" },
    },
    text: (c) => [c.title, c.handle],
  };
}

export function collectionSortKey(sortKey: string): (c: SimCollection) => SimSortKey {
  switch (sortKey) {
    case "TITLE":
      return (c) => [c.title.toLowerCase(), c.id];
    case "UPDATED_AT":
      return (c) => [c.updatedAt, c.id];
    default:
      return (c) => [c.id];
  }
}

export function bulkOperationSearch(): SimSearchSchema<SimBulkOperation> {
  return {
    fields: {
      id: { kind: "id", get: (b) => b.id },
      status: { kind: "string", get: (b) => b.status.toLowerCase() },
      operation_type: { kind: "string", get: () => "query" },
      created_at: { kind: "date", get: (b) => b.createdAt },
    },
    text: () => [],
  };
}

export function bulkOperationSortKey(sortKey: string): (b: SimBulkOperation) => SimSortKey {
  return sortKey === "COMPLETED_AT" ? (b) => [b.completedAt ?? 0, b.id] : (b) => [b.createdAt, b.id];
}
