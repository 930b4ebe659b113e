import type { CrmSimState, CrmStoredPayment } from "../state";
import { diffFieldMaps, type CrmHistoryChange } from "./history";
import type { CrmPaymentInput } from "./input-schemas";

export interface CrmPaymentDraft {
  /** id 0 until commit for new payments. */
  payment: CrmStoredPayment;
  /** Prefix of error keys: `payments[0].` inside an order, empty for `orders/payments/*`. */
  errorPrefix: string;
  /** Whether the request sets this payment (new or edited), so its rules are checked. */
  touched: boolean;
  /** Amount left out on a new payment: the order total is used. */
  amountMissing: boolean;
}

export const PAYMENT_DELIVERY_MISMATCH = "This payment type is not supported for the type of delivery";

export function buildPaymentDraft(
  base: CrmStoredPayment | undefined,
  input: CrmPaymentInput,
  errorPrefix: string,
): CrmPaymentDraft {
  const payment: CrmStoredPayment = base
    ? structuredClone(base)
    : { id: 0, orderId: 0, type: "", status: "", amount: 0 };
  if (input.type !== undefined) payment.type = input.type;
  if (input.status !== undefined) payment.status = input.status;
  if (input.amount !== undefined) payment.amount = input.amount;
  if (input.externalId !== undefined) payment.externalId = input.externalId;
  if (input.paidAt !== undefined) {
    if (input.paidAt === null) delete payment.paidAt;
    else payment.paidAt = input.paidAt;
  }
  if (input.comment !== undefined) {
    if (input.comment === null) delete payment.comment;
    else payment.comment = input.comment;
  }
  return { payment, errorPrefix, touched: true, amountMissing: !base && input.amount === undefined };
}

export function keepPaymentDraft(payment: CrmStoredPayment, errorPrefix: string): CrmPaymentDraft {
  return { payment: structuredClone(payment), errorPrefix, touched: false, amountMissing: false };
}

/**
 * Payment rules: known active type and status (status defaults to the API
 * default), externalId unique across the whole account, and a type the order's
 * delivery type accepts.
 */
export function validatePaymentDrafts(
  state: CrmSimState,
  drafts: readonly CrmPaymentDraft[],
  deliveryCode: string | undefined,
  deliveryChanged: boolean,
  errors: Record<string, string>,
): void {
  const { paymentTypes, paymentStatuses, deliveryTypes } = state.references;
  const seenExternalIds = new Map<string, number>();
  for (const draft of drafts) {
    const { payment, errorPrefix } = draft;
    if (draft.touched) {
      if (!payment.status) payment.status = findDefaultPaymentStatus(state);
      if (!payment.type) errors[`${errorPrefix}type`] = "This value should not be blank.";
      else if (!paymentTypes[payment.type]) errors[`${errorPrefix}type`] = `Payment type "${payment.type}" does not exist.`;
      else if (!paymentTypes[payment.type]?.active) errors[`${errorPrefix}type`] = `Payment type "${payment.type}" is not active.`;
      if (!paymentStatuses[payment.status]) errors[`${errorPrefix}status`] = `Payment status "${payment.status}" does not exist.`;
    }
    if (payment.externalId !== undefined) {
      const sameRequest = seenExternalIds.get(payment.externalId);
      const holder = [...state.payments.values()].find(
        (other) => other.externalId === payment.externalId && other.id !== payment.id,
      );
      if ((holder && draft.touched) || sameRequest !== undefined) {
        errors[`${errorPrefix}externalId`] = `Payment with externalId=${payment.externalId} already exists.`;
      }
      seenExternalIds.set(payment.externalId, payment.id);
    }
    const allowed = deliveryCode ? deliveryTypes[deliveryCode]?.paymentTypes : undefined;
    if ((draft.touched || deliveryChanged) && allowed && payment.type && paymentTypes[payment.type] && !allowed.includes(payment.type)) {
      errors[`${errorPrefix}type`] = PAYMENT_DELIVERY_MISMATCH;
    }
  }
}

function findDefaultPaymentStatus(state: CrmSimState): string {
  const statuses = Object.values(state.references.paymentStatuses);
  return statuses.find((status) => status.defaultForApi && status.active)?.code ?? statuses[0]?.code ?? "not-paid";
}

export function renderPayment(payment: CrmStoredPayment): Record<string, unknown> {
  return {
    id: payment.id,
    status: payment.status,
    type: payment.type,
    ...(payment.externalId !== undefined ? { externalId: payment.externalId } : {}),
    amount: payment.amount,
    ...(payment.paidAt !== undefined ? { paidAt: payment.paidAt } : {}),
    ...(payment.comment !== undefined ? { comment: payment.comment } : {}),
  };
}

function renderPaymentStub(payment: CrmStoredPayment): Record<string, unknown> {
  return {
    id: payment.id,
    type: payment.type,
    ...(payment.externalId !== undefined ? { externalId: payment.externalId } : {}),
    status: payment.status,
    amount: payment.amount,
  };
}

/** `payments` (added/removed, value `{code: type}`) and `payments.<field>` entries, matched by payment id. */
export function diffPayments(before: readonly CrmStoredPayment[], after: readonly CrmStoredPayment[]): CrmHistoryChange[] {
  const changes: CrmHistoryChange[] = [];
  for (const payment of after) {
    const previous = before.find((candidate) => candidate.id === payment.id);
    if (!previous) {
      changes.push({ field: "payments", oldValue: null, newValue: { code: payment.type }, payment: renderPaymentStub(payment) });
      continue;
    }
    for (const change of diffFieldMaps(flattenPaymentFields(previous), flattenPaymentFields(payment))) {
      changes.push({ ...change, payment: renderPaymentStub(payment) });
    }
  }
  for (const payment of before) {
    if (!after.some((candidate) => candidate.id === payment.id)) {
      changes.push({ field: "payments", oldValue: { code: payment.type }, newValue: null, payment: renderPaymentStub(payment) });
    }
  }
  return changes;
}

function flattenPaymentFields(payment: CrmStoredPayment): Map<string, unknown> {
  return new Map<string, unknown>([
    ["payments.type", { code: payment.type }],
    ["payments.status", { code: payment.status }],
    ["payments.amount", payment.amount],
    ["payments.paid_at", payment.paidAt],
    ["payments.external_id", payment.externalId],
    ["payments.comment", payment.comment],
  ]);
}
