import { CrmApiError, CRM_MESSAGES, createNotFoundError } from "../api-errors";
import { describeApiWriter, readLookupBy, respondOk, runEntityWrite, type CrmApiContext, type CrmApiRoute } from "../api-context";
import { canReachSite, resolveSite } from "../auth";
import { paymentCreateSchema, paymentInputSchema, parseEntityInput } from "../entities/input-schemas";
import { addOrderPayment, deleteOrderPayment, editOrderPayment, findOrder } from "../entities/orders";
import { readJsonParam } from "../request-params";
import type { CrmStoredPayment } from "../state";

const PAYMENT_MESSAGES = { invalid: CRM_MESSAGES.entityFormat, duplicate: CRM_MESSAGES.entityFormat };

function createPayment(ctx: CrmApiContext) {
  const raw = readJsonParam(ctx.params, "payment");
  const payment = runEntityWrite(() => {
    const input = parseEntityInput(paymentCreateSchema, raw, "payment");
    const { order: orderRef, ...paymentInput } = input;
    if (!orderRef || Object.keys(orderRef).length === 0) {
      throw new CrmApiError(400, CRM_MESSAGES.entityFormat, { order: "This value should not be blank." });
    }
    const site = orderRef.id !== undefined ? undefined : resolveSite(ctx.state, ctx.key, ctx.params);
    const order = findOrder(ctx.state, { ...orderRef, site });
    if (!order || !canReachSite(ctx.state, ctx.key, order.site)) {
      throw new CrmApiError(400, CRM_MESSAGES.entityFormat, { order: "Order not found." });
    }
    return addOrderPayment(ctx.state, order, paymentInput, describeApiWriter(ctx), ctx.now);
  }, PAYMENT_MESSAGES);
  return respondOk({ id: payment.id }, 201);
}

/** `{x}` is the payment's externalId by default (unique across the account), or its id with by=id. */
function findVisiblePayment(ctx: CrmApiContext): CrmStoredPayment {
  const value = ctx.pathParams.id ?? "";
  const by = readLookupBy(ctx.params);
  const payment = [...ctx.state.payments.values()].find((candidate) =>
    by === "id" ? candidate.id === Number(value) : candidate.externalId === value,
  );
  const order = payment ? ctx.state.orders.get(payment.orderId) : undefined;
  if (!payment || !order || !canReachSite(ctx.state, ctx.key, order.site)) throw createNotFoundError(CRM_MESSAGES.paymentNotFound);
  return payment;
}

function editPayment(ctx: CrmApiContext) {
  const raw = readJsonParam(ctx.params, "payment");
  const current = findVisiblePayment(ctx);
  const payment = runEntityWrite(() => {
    const input = parseEntityInput(paymentInputSchema, raw, "payment");
    return editOrderPayment(ctx.state, current, input, describeApiWriter(ctx), ctx.now);
  }, PAYMENT_MESSAGES);
  return respondOk({ id: payment.id });
}

function deletePayment(ctx: CrmApiContext) {
  const id = Number(ctx.pathParams.id);
  const payment = ctx.state.payments.get(id);
  const order = payment ? ctx.state.orders.get(payment.orderId) : undefined;
  if (!payment || !order || !canReachSite(ctx.state, ctx.key, order.site)) throw createNotFoundError(CRM_MESSAGES.paymentNotFound);
  deleteOrderPayment(ctx.state, payment, describeApiWriter(ctx), ctx.now);
  return respondOk();
}

export const paymentRoutes: CrmApiRoute[] = [
  { method: "POST", path: "/api/v5/orders/payments/create", scope: "order_write", handle: createPayment },
  { method: "POST", path: "/api/v5/orders/payments/:id/edit", scope: "order_write", handle: editPayment },
  { method: "POST", path: "/api/v5/orders/payments/:id/delete", scope: "order_write", handle: deletePayment },
];
