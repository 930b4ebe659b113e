import type {
  ShopifyEmailMarketingState,
  ShopifyFulfillmentState,
  ShopifyOrderPayload,
  ShopifyOrderState,
  ShopifyPaymentState,
} from "./types";

/** Shopify `financial_status` → our union. Anything Shopify adds later reads as "unknown". */
export function readShopifyPaymentState(financialStatus: string | null | undefined): ShopifyPaymentState {
  switch (financialStatus?.trim().toLowerCase()) {
    case "pending":
      return "pending";
    case "authorized":
      return "authorized";
    case "partially_paid":
      return "partially_paid";
    case "paid":
      return "paid";
    case "partially_refunded":
      return "partially_refunded";
    case "refunded":
      return "refunded";
    case "voided":
      return "voided";
    case "expired":
      return "expired";
    default:
      return "unknown";
  }
}

/** Shopify `fulfillment_status` → our union; null means nothing shipped yet. */
export function readShopifyFulfillmentState(fulfillmentStatus: string | null | undefined): ShopifyFulfillmentState {
  if (fulfillmentStatus === null || fulfillmentStatus === undefined) return "unfulfilled";
  switch (fulfillmentStatus.trim().toLowerCase()) {
    case "":
    case "unfulfilled":
      return "unfulfilled";
    case "partial":
      return "partial";
    case "fulfilled":
      return "fulfilled";
    case "restocked":
      return "restocked";
    default:
      return "unknown";
  }
}

/** GraphQL `CustomerEmailMarketingState` (or the REST lower-case spelling) → our union. */
export function readShopifyEmailMarketingState(state: string | null | undefined): ShopifyEmailMarketingState {
  switch (state?.trim().toUpperCase()) {
    case "SUBSCRIBED":
      return "subscribed";
    case "UNSUBSCRIBED":
      return "unsubscribed";
    case "NOT_SUBSCRIBED":
      return "not_subscribed";
    case "PENDING":
      return "pending";
    case "INVALID":
      return "invalid";
    case "REDACTED":
      return "redacted";
    default:
      return "unknown";
  }
}

/**
 * The single state the merchant maps to a CRM status. First match wins: cancelled (cancelled_at set),
 * refunded, fulfilled, partially fulfilled, paid (paid or partially refunded), open.
 */
export function readShopifyOrderState(
  order: Pick<ShopifyOrderPayload, "cancelled_at" | "financial_status" | "fulfillment_status">,
): ShopifyOrderState {
  if (order.cancelled_at) return "cancelled";
  const payment = readShopifyPaymentState(order.financial_status);
  if (payment === "refunded") return "refunded";
  const fulfillment = readShopifyFulfillmentState(order.fulfillment_status);
  if (fulfillment === "fulfilled") return "fulfilled";
  if (fulfillment === "partial") return "partially_fulfilled";
  if (payment === "paid" || payment === "partially_refunded") return "paid";
  return "open";
}
