import { CrmApiError, CrmEntityRejection, CRM_MESSAGES, createInputError } from "../api-errors";
import {
  assertVisible,
  describeApiWriter,
  readEntityLookup,
  respondOk,
  runEntityWrite,
  type CrmApiContext,
  type CrmApiRoute,
} from "../api-context";
import { listReachableSites, resolveSite } from "../auth";
import { orderInputSchema, parseEntityInput } from "../entities/input-schemas";
import { createOrder, editOrder, findOrder, renderOrder } from "../entities/orders";
import { paginate, readPageRequest } from "../pagination";
import { readJsonParam, readParamList, readParamObject, readParamString } from "../request-params";
import type { CrmStoredOrder } from "../state";
import { readFixExternalIds, readUploadList } from "./batch-input";
import { describeBatchRejection, readExternalId } from "./customer-handlers";
import { queryHistory } from "./history-query";

const ORDER_MESSAGES = { invalid: CRM_MESSAGES.orderNotLoaded, duplicate: CRM_MESSAGES.orderExists };

function listOrders(ctx: CrmApiContext) {
  const filter = readParamObject(ctx.params, "filter");
  const page = readPageRequest(ctx.params);
  const ids = readParamList(filter.ids).map(Number);
  const externalIds = readParamList(filter.externalIds);
  const numbers = readParamList(filter.numbers);
  const requestedSites = readParamList(filter.sites);
  const extendedStatus = readParamList(filter.extendedStatus);
  const reachable = listReachableSites(ctx.state, ctx.key);
  const sites = requestedSites.length > 0 ? reachable.filter((site) => requestedSites.includes(site)) : reachable;
  const customerId = readParamString(filter, "customerId");
  const customerExternalId = readParamString(filter, "customerExternalId");
  const email = readParamString(filter, "email")?.toLowerCase();
  const matches = [...ctx.state.orders.values()].filter((order) => {
    if (!sites.includes(order.site)) return false;
    if (ids.length > 0 && !ids.includes(order.id)) return false;
    if (externalIds.length > 0 && !externalIds.includes(order.externalId ?? "")) return false;
    if (numbers.length > 0 && !numbers.includes(order.number)) return false;
    if (customerId !== undefined && order.customerId !== Number(customerId)) return false;
    if (customerExternalId !== undefined) {
      const customer = order.customerId !== undefined ? ctx.state.customers.get(order.customerId) : undefined;
      if (customer?.externalId !== customerExternalId) return false;
    }
    if (email && !String(order.fields.email ?? "").toLowerCase().includes(email)) return false;
    if (extendedStatus.length > 0) {
      const group = ctx.state.references.statuses[order.status]?.group;
      if (!extendedStatus.includes(order.status) && (!group || !extendedStatus.includes(group))) return false;
    }
    return true;
  });
  const { slice, pagination } = paginate(matches, page);
  return respondOk({ pagination, orders: slice.map((order) => renderOrder(ctx.state, order)) });
}

function findVisibleOrder(ctx: CrmApiContext): CrmStoredOrder {
  const lookup = readEntityLookup(ctx, ctx.pathParams.externalId ?? "");
  return assertVisible(ctx, findOrder(ctx.state, lookup));
}

function getOrder(ctx: CrmApiContext) {
  return respondOk({ order: renderOrder(ctx.state, findVisibleOrder(ctx)) });
}

function createOrderHandler(ctx: CrmApiContext) {
  const raw = readJsonParam(ctx.params, "order");
  const site = resolveSite(ctx.state, ctx.key, ctx.params);
  const order = runEntityWrite(() => {
    const input = parseEntityInput(orderInputSchema, raw, "order");
    return createOrder(ctx.state, site, input, describeApiWriter(ctx), ctx.now);
  }, ORDER_MESSAGES);
  return respondOk({ id: order.id, order: renderOrder(ctx.state, order) }, 201);
}

function editOrderHandler(ctx: CrmApiContext) {
  const raw = readJsonParam(ctx.params, "order");
  const current = findVisibleOrder(ctx);
  const order = runEntityWrite(() => {
    const input = parseEntityInput(orderInputSchema, raw, "order");
    return editOrder(ctx.state, current, input, describeApiWriter(ctx), ctx.now);
  }, ORDER_MESSAGES);
  return respondOk({ id: order.id, order: renderOrder(ctx.state, order) });
}

function uploadOrders(ctx: CrmApiContext) {
  const list = readUploadList(ctx.params, "orders");
  const site = resolveSite(ctx.state, ctx.key, ctx.params);
  const uploadedOrders: Array<Record<string, unknown>> = [];
  const orders: Array<Record<string, unknown>> = [];
  const failedOrders: Array<Record<string, unknown>> = [];
  const errors: string[] = [];
  list.forEach((raw, index) => {
    const externalId = readExternalId(raw);
    try {
      const input = parseEntityInput(orderInputSchema, raw, `orders[${index}]`);
      const order = createOrder(ctx.state, site, input, describeApiWriter(ctx), ctx.now);
      uploadedOrders.push({ id: order.id, ...(order.externalId !== undefined ? { externalId: order.externalId } : {}) });
      orders.push(renderOrder(ctx.state, order));
    } catch (error) {
      if (!(error instanceof CrmEntityRejection)) throw error;
      failedOrders.push(externalId !== undefined ? { externalId } : {});
      errors.push(...describeBatchRejection(error, "Order", `orders[${index}]`, externalId));
    }
  });
  if (failedOrders.length > 0) {
    throw new CrmApiError(460, CRM_MESSAGES.ordersUploadedWithErrors, errors, { uploadedOrders, orders, failedOrders });
  }
  return respondOk({ uploadedOrders, orders });
}

function fixOrderExternalIds(ctx: CrmApiContext) {
  const pairs = readFixExternalIds(ctx.params, "orders");
  const reachable = listReachableSites(ctx.state, ctx.key);
  const errors: Record<string, string> = {};
  const targets = pairs.map(({ id, externalId }, index) => {
    const order = ctx.state.orders.get(id);
    if (!order || !reachable.includes(order.site)) {
      errors[`orders[${index}].id`] = `Order with id=${id} not found.`;
      return undefined;
    }
    const holder = findOrder(ctx.state, { externalId, site: order.site });
    const claimedTwice = pairs.some((other, otherIndex) => otherIndex !== index && other.externalId === externalId);
    if ((holder && holder.id !== id) || claimedTwice) {
      errors[`orders[${index}].externalId`] = `Order with externalId=${externalId} already exists.`;
    }
    return order;
  });
  if (Object.keys(errors).length > 0) throw createInputError(errors);
  targets.forEach((order, index) => {
    const pair = pairs[index];
    if (order && pair) editOrder(ctx.state, order, { externalId: pair.externalId }, describeApiWriter(ctx), ctx.now);
  });
  return respondOk();
}

function listOrderStatuses(ctx: CrmApiContext) {
  const ids = readParamList(ctx.params.ids).map(Number);
  const externalIds = readParamList(ctx.params.externalIds);
  if (ids.length === 0 && externalIds.length === 0) throw createInputError({ ids: "Pass ids[] or externalIds[]." });
  const reachable = listReachableSites(ctx.state, ctx.key);
  const orders = [...ctx.state.orders.values()]
    .filter((order) => reachable.includes(order.site))
    .filter((order) => ids.includes(order.id) || (order.externalId !== undefined && externalIds.includes(order.externalId)))
    .map((order) => ({
      id: order.id,
      ...(order.externalId !== undefined ? { externalId: order.externalId } : {}),
      status: order.status,
      group: ctx.state.references.statuses[order.status]?.group,
    }));
  return respondOk({ orders });
}

export const orderRoutes: CrmApiRoute[] = [
  { method: "GET", path: "/api/v5/orders", scope: "order_read", handle: listOrders },
  { method: "POST", path: "/api/v5/orders/create", scope: "order_write", handle: createOrderHandler },
  { method: "POST", path: "/api/v5/orders/upload", scope: "order_write", handle: uploadOrders },
  { method: "POST", path: "/api/v5/orders/fix-external-ids", scope: "order_write", handle: fixOrderExternalIds },
  { method: "GET", path: "/api/v5/orders/history", scope: "order_read", handle: (ctx) => queryHistory(ctx, "order") },
  { method: "GET", path: "/api/v5/orders/statuses", scope: "order_read", handle: listOrderStatuses },
  { method: "GET", path: "/api/v5/orders/:externalId", scope: "order_read", handle: getOrder },
  { method: "POST", path: "/api/v5/orders/:externalId/edit", scope: "order_write", handle: editOrderHandler },
];
