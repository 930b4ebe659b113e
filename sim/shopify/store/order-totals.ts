import type { SimLineItem, SimOrder } from "./types";

export interface SimOrderTotals {
  /** Σ unit price × original quantity. */
  lineItemsCents: number;
  discountCents: number;
  subtotalCents: number;
  shippingCents: number;
  totalCents: number;
  currentSubtotalCents: number;
  currentDiscountCents: number;
  currentTotalCents: number;
  receivedCents: number;
  outstandingCents: number;
  weightGrams: number;
}

/** Taxes are not modelled: every order is tax-free, so totals are price − discounts + shipping. */
export function computeOrderTotals(order: SimOrder): SimOrderTotals {
  const lineItemsCents = sum(order.lineItems.map((item) => item.priceCents * item.quantity));
  const lineDiscountCents = sum(order.lineItems.map((item) => item.discountCents));
  const discountCents = lineDiscountCents + order.orderDiscountCents;
  const subtotalCents = lineItemsCents - discountCents;
  const shippingCents = sum(order.shippingLines.map((line) => line.priceCents));
  const currentLineCents = sum(order.lineItems.map((item) => item.priceCents * item.currentQuantity));
  const currentLineDiscountCents = sum(
    order.lineItems.map((item) =>
      item.quantity === 0 ? 0 : Math.round((item.discountCents * item.currentQuantity) / item.quantity),
    ),
  );
  const currentDiscountCents = currentLineDiscountCents + order.orderDiscountCents;
  const currentSubtotalCents = Math.max(0, currentLineCents - currentDiscountCents);
  const currentTotalCents = currentSubtotalCents + shippingCents;
  const receivedCents = sum(
    order.transactions
      .filter((transaction) => transaction.status === "SUCCESS")
      .map((transaction) => (transaction.kind === "REFUND" ? -transaction.amountCents : saleAmount(transaction))),
  );
  return {
    lineItemsCents,
    discountCents,
    subtotalCents,
    shippingCents,
    totalCents: subtotalCents + shippingCents,
    currentSubtotalCents,
    currentDiscountCents,
    currentTotalCents,
    receivedCents,
    outstandingCents: Math.max(0, currentTotalCents - receivedCents),
    weightGrams: sum(order.lineItems.map((item) => item.grams * item.currentQuantity)),
  };
}

function saleAmount(transaction: SimOrder["transactions"][number]): number {
  return transaction.kind === "SALE" || transaction.kind === "CAPTURE" ? transaction.amountCents : 0;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** REST `fulfillment_status`: null, "partial" or "fulfilled". */
export function fulfillmentStatusOf(order: SimOrder): "fulfilled" | "partial" | null {
  const lines = order.lineItems.filter((item) => item.currentQuantity > 0 && item.requiresShipping);
  const fulfilled = lines.filter((item) => item.fulfilledQuantity >= item.currentQuantity).length;
  const started = lines.some((item) => item.fulfilledQuantity > 0);
  if (lines.length > 0 && fulfilled === lines.length) return "fulfilled";
  return started ? "partial" : null;
}

/** GraphQL `displayFulfillmentStatus`. */
export function displayFulfillmentStatusOf(order: SimOrder): "FULFILLED" | "PARTIALLY_FULFILLED" | "UNFULFILLED" {
  const status = fulfillmentStatusOf(order);
  if (status === "fulfilled") return "FULFILLED";
  return status === "partial" ? "PARTIALLY_FULFILLED" : "UNFULFILLED";
}

export function lineItemName(item: SimLineItem): string {
  return item.variantTitle ? `${item.title} - ${item.variantTitle}` : item.title;
}
