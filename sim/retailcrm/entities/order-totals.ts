import type { CrmSimState, CrmStoredOrder, CrmStoredOrderItem } from "../state";

export interface CrmOrderTotals {
  summ: number;
  totalSumm: number;
  purchaseSumm: number;
  prepaySum: number;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Per-unit discount of a line: the manual amount plus the manual percent of the initial price. */
export function computeItemUnitDiscount(item: CrmStoredOrderItem): number {
  return round2(item.discountManualAmount + (item.initialPrice * item.discountManualPercent) / 100);
}

export function computeItemUnitPrice(item: CrmStoredOrderItem): number {
  return round2(item.initialPrice - computeItemUnitDiscount(item));
}

/** Sums without payments: `summ` = lines, `totalSumm` = lines − order discounts + delivery cost. */
export function computeOrderSums(order: CrmStoredOrder): Omit<CrmOrderTotals, "prepaySum"> {
  const summ = round2(order.items.reduce((sum, item) => sum + computeItemUnitPrice(item) * item.quantity, 0));
  const percent = Number(order.fields.discountManualPercent ?? 0);
  const amount = Number(order.fields.discountManualAmount ?? 0);
  const delivery = (order.fields.delivery ?? {}) as { cost?: number };
  const purchaseSumm = round2(
    order.items.reduce((sum, item) => sum + Number(item.fields.purchasePrice ?? 0) * item.quantity, 0),
  );
  return {
    summ,
    totalSumm: round2(summ - (summ * percent) / 100 - amount + Number(delivery.cost ?? 0)),
    purchaseSumm,
  };
}

export function computeOrderTotals(state: CrmSimState, order: CrmStoredOrder): CrmOrderTotals {
  let prepaySum = 0;
  for (const payment of state.payments.values()) {
    if (payment.orderId === order.id && state.references.paymentStatuses[payment.status]?.paymentComplete) {
      prepaySum += payment.amount;
    }
  }
  return { ...computeOrderSums(order), prepaySum: round2(prepaySum) };
}
