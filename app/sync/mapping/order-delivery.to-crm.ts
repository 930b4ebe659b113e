import { mapAddressToCrm, readRestAddress } from "./address";
import { cleanText } from "./contact";
import { formatMoney, fromMoneyUnits, sumAmounts, sumMoneyUnits, toMoneyUnits } from "./money";
import { lookupMappedCode } from "./order-settings";
import type { OrderMappingSettings } from "./order-settings";
import type { MappingNote } from "./result";
import type { CrmOrderDeliveryInput, ShopifyOrderPayload, ShopifyShippingLine } from "./types";

/**
 * Shipping lines and the shipping address → the CRM's single delivery.
 *
 * - code: the first shipping line's code, else its title, looked up in the delivery type map; the default
 *   delivery type otherwise.
 * - cost: the discounted price of every shipping line (its price when there is none), summed, plus their tax
 *   when Shopify prices exclude tax. Several lines are noted: the CRM has one delivery per order.
 * - address: the shipping address only (`address1||address2`).
 */
export function mapDeliveryToCrm(
  order: ShopifyOrderPayload,
  settings: OrderMappingSettings,
  notes: MappingNote[],
): CrmOrderDeliveryInput | undefined {
  const delivery: CrmOrderDeliveryInput = {};
  const lines = (order.shipping_lines ?? []).filter((line) => line.is_removed !== true);
  const first = lines[0];
  if (first) {
    delivery.code = readDeliveryType(first, settings, notes);
    const costUnits = sumMoneyUnits(lines.map((line) => readShippingLineCost(line, order.taxes_included === false)));
    delivery.cost = fromMoneyUnits(costUnits);
    if (lines.length > 1) {
      const titles = lines.map((line) => `"${describeShippingLine(line)}"`).join(", ");
      notes.push({
        path: "shipping_lines",
        message: `The order has ${lines.length} shipping lines (${titles}); the CRM keeps one delivery per order, so it got the type of "${describeShippingLine(first)}" and the summed cost ${formatMoney(costUnits)}.`,
      });
    }
  }
  const address = mapAddressToCrm(readRestAddress(order.shipping_address), "shipping_address", notes);
  if (address) delivery.address = address;
  return Object.keys(delivery).length === 0 ? undefined : delivery;
}

function readShippingLineCost(line: ShopifyShippingLine, addTax: boolean): number {
  const price = toMoneyUnits(line.discounted_price) ?? toMoneyUnits(line.price) ?? 0;
  return addTax ? price + sumAmounts((line.tax_lines ?? []).map((taxLine) => taxLine.price)) : price;
}

function describeShippingLine(line: ShopifyShippingLine): string {
  return cleanText(line.title) ?? cleanText(line.code) ?? "shipping";
}

function readDeliveryType(line: ShopifyShippingLine, settings: OrderMappingSettings, notes: MappingNote[]): string {
  const mapped = lookupMappedCode(settings.deliveryTypeMap, line.code) ?? lookupMappedCode(settings.deliveryTypeMap, line.title);
  if (mapped !== undefined) return mapped;
  if (Object.keys(settings.deliveryTypeMap).length > 0) {
    notes.push({
      path: "shipping_lines[0]",
      message: `Shipping "${describeShippingLine(line)}" has no delivery type in the app's settings; it was sent as "${settings.defaultDeliveryType}". Map it on the Settings page.`,
    });
  }
  return settings.defaultDeliveryType;
}
