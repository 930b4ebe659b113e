import { cleanText } from "./contact";
import { formatCrmDateTime } from "./dates";
import { formatMoney, fromMoneyUnits, toMoneyUnits } from "./money";
import { lookupMappedCode } from "./order-settings";
import type { OrderMappingSettings } from "./order-settings";
import type { MappingNote } from "./result";
import { readShopifyPaymentState } from "./shopify-states";
import type { CrmOrderPaymentInput, ShopifyOrderPayload } from "./types";

/** `<shop scope>-<Shopify order id>`: one payment per order, the same on every replay. */
export function buildPaymentExternalId(shopScope: string, shopifyOrderId: string): string {
  return `${shopScope}-${shopifyOrderId}`;
}

/**
 * Shopify's financial state → one CRM payment.
 *
 * | financial_status            | CRM status | amount                                         |
 * |-----------------------------|------------|------------------------------------------------|
 * | paid                        | paid       | current total                                  |
 * | partially_refunded          | paid       | current total (what the customer still paid)   |
 * | partially_paid              | paid       | current total − outstanding (not-paid if unknown) |
 * | refunded                    | not paid   | original total                                 |
 * | pending, authorized, voided, expired, unknown | not paid | current total                  |
 *
 * type: the first gateway in `payment_gateway_names`, through the payment type map, else the default type.
 * No payment is sent for an order whose amount is 0.
 */
export function mapPaymentToCrm(
  order: ShopifyOrderPayload,
  orderId: string,
  settings: OrderMappingSettings,
  notes: MappingNote[],
): CrmOrderPaymentInput | undefined {
  const totalUnits = toMoneyUnits(order.total_price) ?? 0;
  const currentUnits = toMoneyUnits(order.current_total_price) ?? totalUnits;
  const state = readShopifyPaymentState(order.financial_status);
  let paid = false;
  let amountUnits = currentUnits;
  switch (state) {
    case "paid":
      paid = true;
      break;
    case "partially_refunded":
      paid = true;
      notes.push({
        path: "financial_status",
        message: `The order is partly refunded in Shopify; the CRM payment shows what the customer still paid, ${formatMoney(currentUnits)}.`,
      });
      break;
    case "partially_paid": {
      const outstanding = toMoneyUnits(order.total_outstanding);
      if (outstanding === undefined) {
        notes.push({
          path: "total_outstanding",
          message: "The order is partly paid in Shopify, but the payload does not say how much is outstanding; the CRM payment was sent as not paid.",
        });
      } else {
        paid = true;
        amountUnits = currentUnits - outstanding;
        notes.push({
          path: "financial_status",
          message: `The order is partly paid in Shopify: ${formatMoney(amountUnits)} of ${formatMoney(currentUnits)} received; the CRM payment shows the amount received.`,
        });
      }
      break;
    }
    case "refunded":
      amountUnits = totalUnits;
      notes.push({
        path: "financial_status",
        message: "The order is refunded in Shopify; its CRM payment was sent as not paid.",
      });
      break;
    case "pending":
    case "authorized":
    case "voided":
    case "expired":
      break;
    case "unknown":
      if (cleanText(order.financial_status) !== undefined) {
        notes.push({
          path: "financial_status",
          message: `Payment state "${order.financial_status}" is not known to this app; the CRM payment was sent as not paid.`,
        });
      }
      break;
  }
  if (amountUnits <= 0) return undefined;

  const payment: CrmOrderPaymentInput = {
    externalId: buildPaymentExternalId(settings.shopScope, orderId),
    type: readPaymentType(order, settings, notes),
    status: paid ? settings.paymentStatusPaid : settings.paymentStatusNotPaid,
    amount: fromMoneyUnits(amountUnits),
  };
  if (paid) {
    const paidAt = formatCrmDateTime(order.processed_at ?? order.created_at, settings.crmTimeZone);
    if (paidAt !== undefined) payment.paidAt = paidAt;
  }
  return payment;
}

function readPaymentType(order: ShopifyOrderPayload, settings: OrderMappingSettings, notes: MappingNote[]): string {
  const gateways = [...new Set((order.payment_gateway_names ?? []).map((name) => name.trim()).filter((name) => name !== ""))];
  const first = gateways[0];
  if (first === undefined) return settings.defaultPaymentType;
  if (gateways.length > 1) {
    notes.push({
      path: "payment_gateway_names",
      message: `The order was paid through several gateways (${gateways.join(", ")}); the CRM got one payment with the type for "${first}".`,
    });
  }
  const mapped = lookupMappedCode(settings.paymentTypeMap, first);
  if (mapped !== undefined) return mapped;
  if (Object.keys(settings.paymentTypeMap).length > 0) {
    notes.push({
      path: "payment_gateway_names[0]",
      message: `Payment gateway "${first}" has no payment type in the app's settings; it was sent as "${settings.defaultPaymentType}". Map it on the Settings page.`,
    });
  }
  return settings.defaultPaymentType;
}
