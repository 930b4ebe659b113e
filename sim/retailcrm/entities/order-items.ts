import { findCatalogOffer } from "../catalog/catalog-store";
import { formatCrmDateTime } from "../dates";
import type { CrmBoundOffer, CrmSimState, CrmStoredOrderItem } from "../state";
import { diffFieldMaps, toSnakeCase, type CrmHistoryChange } from "./history";
import type { CrmOrderItemInput } from "./input-schemas";
import { computeItemUnitDiscount, computeItemUnitPrice } from "./order-totals";

const ITEM_CORE_KEYS = new Set([
  "id",
  "offer",
  "productName",
  "initialPrice",
  "quantity",
  "discountManualAmount",
  "discountManualPercent",
  "status",
  "properties",
]);

/**
 * Builds the order's new line list. Lines sent with `id` update and keep that
 * line; lines without `id` are new (id 0 until commit); lines left out are gone.
 * `offer.id` must exist in the site's loaded catalog. `offer.externalId`/`xmlId`
 * bind to a loaded offer when there is one; otherwise the line becomes a free
 * item identified by its `productName` and the offer reference is dropped.
 */
export function buildItemDrafts(
  state: CrmSimState,
  site: string,
  inputs: readonly CrmOrderItemInput[],
  existing: readonly CrmStoredOrderItem[],
  now: Date,
  errors: Record<string, string>,
): CrmStoredOrderItem[] {
  return inputs.map((input, index) => {
    const key = `items[${index}]`;
    const base = input.id !== undefined ? existing.find((item) => item.id === input.id) : undefined;
    if (input.id !== undefined && !base) errors[`${key}.id`] = `Order item with id=${input.id} not found in this order.`;
    const item: CrmStoredOrderItem = base
      ? structuredClone(base)
      : {
          id: 0,
          initialPrice: 0,
          quantity: 1,
          discountManualAmount: 0,
          discountManualPercent: 0,
          status: "new",
          createdAt: formatCrmDateTime(now),
          fields: {},
        };
    let offerPrice: number | undefined;
    if (input.offer && Object.keys(input.offer).length > 0) {
      const offer = findCatalogOffer(state, site, input.offer);
      if (offer) {
        item.offer = toBoundOffer(offer);
        offerPrice = offer.price;
        item.productName ??= offer.name;
      } else if (input.offer.id !== undefined) {
        errors[`${key}.offer.id`] = `Offer with id ${input.offer.id} not found.`;
      } else {
        delete item.offer;
      }
    }
    if (input.productName !== undefined) {
      if (input.productName === null) delete item.productName;
      else item.productName = input.productName;
    }
    if (!item.offer && !item.productName) {
      errors[`${key}.productName`] = "This value should not be blank: the item is not bound to a catalog offer, so it needs a productName.";
    }
    if (input.initialPrice !== undefined) item.initialPrice = input.initialPrice;
    else if (!base && offerPrice !== undefined) item.initialPrice = offerPrice;
    if (input.quantity !== undefined) item.quantity = input.quantity;
    if (input.discountManualAmount !== undefined) item.discountManualAmount = input.discountManualAmount;
    if (input.discountManualPercent !== undefined) item.discountManualPercent = input.discountManualPercent;
    if (input.status !== undefined) item.status = input.status;
    if (input.properties !== undefined) item.fields.properties = normalizeProperties(input.properties);
    for (const [name, value] of Object.entries(input)) {
      if (ITEM_CORE_KEYS.has(name) || value === undefined) continue;
      if (value === null) delete item.fields[name];
      else item.fields[name] = structuredClone(value);
    }
    return item;
  });
}

function toBoundOffer(offer: { id: number; externalId: string; xmlId?: string; name: string; article?: string }): CrmBoundOffer {
  const bound: CrmBoundOffer = { id: offer.id, externalId: offer.externalId, name: offer.name };
  if (offer.xmlId !== undefined) bound.xmlId = offer.xmlId;
  if (offer.article !== undefined) bound.article = offer.article;
  return bound;
}

function normalizeProperties(properties: NonNullable<CrmOrderItemInput["properties"]>): Record<string, unknown> {
  const list = Array.isArray(properties) ? properties : Object.values(properties);
  return Object.fromEntries(list.map((property) => [property.code ?? property.name, { code: property.code ?? property.name, ...property }]));
}

export function renderOrderItem(item: CrmStoredOrderItem): Record<string, unknown> {
  const { properties, externalIds, vatRate, ...rest } = item.fields;
  const unitDiscount = computeItemUnitDiscount(item);
  const price = computeItemUnitPrice(item);
  return {
    id: item.id,
    initialPrice: item.initialPrice,
    discountTotal: unitDiscount,
    discounts: unitDiscount > 0 ? [{ type: "manual_product", amount: Math.round(unitDiscount * item.quantity * 100) / 100 }] : [],
    prices: [{ price, quantity: item.quantity }],
    vatRate: vatRate ?? "none",
    createdAt: item.createdAt,
    quantity: item.quantity,
    status: item.status,
    discountManualAmount: item.discountManualAmount,
    discountManualPercent: item.discountManualPercent,
    offer: item.offer
      ? { ...structuredClone(item.offer), displayName: item.offer.name }
      : { displayName: item.productName ?? "", name: item.productName ?? "" },
    ...(item.productName !== undefined ? { productName: item.productName } : {}),
    properties: properties && Object.keys(properties).length > 0 ? structuredClone(properties) : [],
    externalIds: Array.isArray(externalIds) ? structuredClone(externalIds) : [],
    isCanceled: false,
    ...structuredClone(rest),
  };
}

export function renderItemStub(item: CrmStoredOrderItem): Record<string, unknown> {
  const offer: Record<string, unknown> = {};
  if (item.offer) {
    offer.id = item.offer.id;
    offer.externalId = item.offer.externalId;
    if (item.offer.xmlId !== undefined) offer.xmlId = item.offer.xmlId;
  } else {
    offer.name = item.productName;
  }
  return { id: item.id, offer };
}

/** `order_product` (line added/removed) and `order_product.<field>` entries, matched by line id. */
export function diffOrderItems(before: readonly CrmStoredOrderItem[], after: readonly CrmStoredOrderItem[]): CrmHistoryChange[] {
  const changes: CrmHistoryChange[] = [];
  for (const item of after) {
    const previous = before.find((candidate) => candidate.id === item.id);
    if (!previous) {
      changes.push({ field: "order_product", oldValue: null, newValue: renderItemStub(item), item: renderOrderItem(item) });
      continue;
    }
    for (const change of diffFieldMaps(flattenItemFields(previous), flattenItemFields(item))) {
      changes.push({ ...change, item: renderItemStub(item) });
    }
  }
  for (const item of before) {
    if (!after.some((candidate) => candidate.id === item.id)) {
      changes.push({ field: "order_product", oldValue: renderItemStub(item), newValue: null, item: renderOrderItem(item) });
    }
  }
  return changes;
}

function flattenItemFields(item: CrmStoredOrderItem): Map<string, unknown> {
  const fields = new Map<string, unknown>([
    ["order_product.offer", item.offer ? { id: item.offer.id, externalId: item.offer.externalId } : null],
    ["order_product.name", item.productName],
    ["order_product.initial_price", item.initialPrice],
    ["order_product.quantity", item.quantity],
    ["order_product.discount_manual_amount", item.discountManualAmount],
    ["order_product.discount_manual_percent", item.discountManualPercent],
    ["order_product.status", { code: item.status }],
  ]);
  const { priceType, ...rest } = item.fields;
  if (priceType !== undefined) fields.set("order_product.price_type", priceType);
  for (const [key, value] of Object.entries(rest)) fields.set(`order_product.${toSnakeCase(key)}`, value);
  return fields;
}
