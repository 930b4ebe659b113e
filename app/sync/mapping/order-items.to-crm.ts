import { cleanText } from "./contact";
import { divideToCents, formatMoney, fromMoneyUnits, sumAmounts, toMoneyUnits } from "./money";
import type { MoneyUnits } from "./money";
import type { MappingNote, MappingProblem } from "./result";
import { readShopifyId } from "./shopify-ids";
import type { CrmOrderItemInput, ShopifyLineItem, ShopifyOrderPayload } from "./types";

/** Code under which the Shopify line item id is kept on each CRM line (`items[].externalIds`). */
export const CRM_LINE_EXTERNAL_ID_CODE = "shopify";

/**
 * Shopify line items → CRM order items.
 *
 * - Catalog items point at the ICML offer by variant id; custom items (no variant) go in as free items.
 * - quantity: the quantity after order edits, before refunds (`current_quantity` + refunded units). Refunds
 *   show in the order status and payment, not by taking lines away; a line an edit took to 0 is left out.
 * - initialPrice: unit price before discounts; when Shopify prices exclude tax, the line's tax per unit is
 *   added so CRM totals match what the customer pays.
 * - discountManualAmount: the line's discounts (its discount allocations, else `total_discount`) per unit,
 *   rounded to cents; a rounding difference on the line total is noted.
 */
export function mapLineItemsToCrm(
  order: ShopifyOrderPayload,
  notes: MappingNote[],
  problems: MappingProblem[],
): CrmOrderItemInput[] {
  const items: CrmOrderItemInput[] = [];
  order.line_items.forEach((line, index) => {
    const item = mapLineItem(order, line, `line_items[${index}]`, notes, problems);
    if (item) items.push(item);
  });
  return items;
}

function mapLineItem(
  order: ShopifyOrderPayload,
  line: ShopifyLineItem,
  path: string,
  notes: MappingNote[],
  problems: MappingProblem[],
): CrmOrderItemInput | undefined {
  const lineId = readShopifyId(line.id, line.admin_graphql_api_id);
  const isCustom = line.variant_id === null || line.variant_id === undefined;
  const productName = isCustom
    ? (cleanText(line.title) ?? cleanText(line.name))
    : (cleanText(line.name) ?? cleanText(line.title));
  const priceUnits = toMoneyUnits(line.price);
  if (!lineId || productName === undefined || priceUnits === undefined) {
    if (!lineId) problems.push({ path: `${path}.id`, message: "An order line has no Shopify id, so it cannot be kept in step with the CRM." });
    if (productName === undefined) {
      problems.push({ path: `${path}.title`, message: "An order line has no title, so the CRM cannot name it. Give the product or custom item a title in Shopify." });
    }
    if (priceUnits === undefined) problems.push({ path: `${path}.price`, message: "An order line has no readable price." });
    return undefined;
  }

  const quantity = readQuantityAfterEdits(order, line);
  if (quantity === 0) {
    notes.push({ path: `${path}.current_quantity`, message: `"${productName}" was removed from the order in Shopify; it was not sent to the CRM.` });
    return undefined;
  }

  const orderedQuantity = line.quantity;
  const discountUnits = readLineDiscount(line);
  const taxUnits = order.taxes_included === false ? sumAmounts((line.tax_lines ?? []).map((taxLine) => taxLine.price)) : 0;
  const initialPriceUnits = priceUnits + divideToCents(taxUnits, orderedQuantity);
  const discountPerUnit = divideToCents(discountUnits, orderedQuantity);

  const shopifyLineTotal = priceUnits * orderedQuantity - discountUnits + taxUnits;
  const crmLineTotal = (initialPriceUnits - discountPerUnit) * orderedQuantity;
  if (orderedQuantity > 0 && shopifyLineTotal !== crmLineTotal) {
    notes.push({
      path,
      message: `"${productName}": the CRM works with a price and discount per unit, so this line totals ${formatMoney(crmLineTotal)} in the CRM and ${formatMoney(shopifyLineTotal)} in Shopify (rounding to cents).`,
    });
  }

  const item: CrmOrderItemInput = {
    productName,
    initialPrice: fromMoneyUnits(initialPriceUnits),
    quantity,
    discountManualAmount: fromMoneyUnits(discountPerUnit),
    externalIds: [{ code: CRM_LINE_EXTERNAL_ID_CODE, value: lineId.id }],
  };
  if (!isCustom) {
    const variantId = readShopifyId(line.variant_id);
    if (variantId) {
      item.offer = { externalId: variantId.id };
      if (!variantId.exact) {
        notes.push({
          path: `${path}.variant_id`,
          message: `The variant id of "${productName}" is too large to read exactly from this payload; the CRM may not find it in the catalog.`,
        });
      }
    }
  }
  return item;
}

function readQuantityAfterEdits(order: ShopifyOrderPayload, line: ShopifyLineItem): number {
  if (line.current_quantity === null || line.current_quantity === undefined) return line.quantity;
  return line.current_quantity + countRefundedUnits(order, line);
}

function countRefundedUnits(order: ShopifyOrderPayload, line: ShopifyLineItem): number {
  const ids = new Set<string>([String(line.id)]);
  const exact = readShopifyId(line.id, line.admin_graphql_api_id);
  if (exact) ids.add(exact.id);
  let refunded = 0;
  for (const refund of order.refunds ?? []) {
    for (const refundLine of refund.refund_line_items ?? []) {
      if (ids.has(String(refundLine.line_item_id))) refunded += refundLine.quantity;
    }
  }
  return refunded;
}

function readLineDiscount(line: ShopifyLineItem): MoneyUnits {
  const allocations = line.discount_allocations ?? [];
  if (allocations.length > 0) return sumAmounts(allocations.map((allocation) => allocation.amount));
  return toMoneyUnits(line.total_discount) ?? 0;
}
