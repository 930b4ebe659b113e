import { CrmEntityRejection } from "../api-errors";
import { formatCrmDateTime } from "../dates";
import { findDefaultForApi } from "../references";
import { allocateId, type CrmSimState, type CrmStoredOrder, type CrmStoredPayment, type CrmWriter } from "../state";
import { createCustomer, findCustomer, isNonEmptyObject, renderCustomer } from "./customers";
import { appendHistory, diffFieldMaps, flattenInto, toSnakeCase, type CrmHistoryChange } from "./history";
import type { CrmOrderInput, CrmPaymentInput } from "./input-schemas";
import { buildItemDrafts, diffOrderItems, renderOrderItem } from "./order-items";
import {
  buildPaymentDraft,
  diffPayments,
  keepPaymentDraft,
  renderPayment,
  validatePaymentDrafts,
  type CrmPaymentDraft,
} from "./order-payments";
import { computeOrderSums, computeOrderTotals } from "./order-totals";

/** Keys of the order input that are stored outside `fields` or need their own handling. */
const ORDER_CORE_KEYS = new Set([
  "externalId",
  "number",
  "status",
  "orderType",
  "orderMethod",
  "createdAt",
  "customer",
  "items",
  "payments",
]);
const MERGED_OBJECT_FIELDS = new Set(["customFields", "delivery"]);

interface CrmOrderDraft {
  order: CrmStoredOrder;
  payments: CrmPaymentDraft[];
  /** No customer reference on create: the CRM makes one from the order's contact fields. */
  autoCustomer: boolean;
}

export interface CrmOrderLookup {
  id?: number;
  externalId?: string;
  number?: string;
  site?: string;
}

export function findOrder(state: CrmSimState, lookup: CrmOrderLookup): CrmStoredOrder | undefined {
  if (lookup.id !== undefined) {
    const order = state.orders.get(lookup.id);
    return order && (lookup.site === undefined || order.site === lookup.site) ? order : undefined;
  }
  for (const order of state.orders.values()) {
    if (lookup.site !== undefined && order.site !== lookup.site) continue;
    if (lookup.externalId !== undefined && order.externalId === lookup.externalId) return order;
    if (lookup.externalId === undefined && lookup.number !== undefined && order.number === lookup.number) return order;
  }
  return undefined;
}

export function listOrderPayments(state: CrmSimState, orderId: number): CrmStoredPayment[] {
  return [...state.payments.values()].filter((payment) => payment.orderId === orderId);
}

export function createOrder(state: CrmSimState, site: string, input: CrmOrderInput, writer: CrmWriter, now: Date): CrmStoredOrder {
  if (input.externalId !== undefined) assertOrderExternalIdFree(state, site, input.externalId, undefined);
  const stamp = formatCrmDateTime(now);
  const order: CrmStoredOrder = {
    id: 0,
    site,
    number: "",
    status: "new",
    orderType: findDefaultForApi(state.references.orderTypes) ?? "eshop-individual",
    orderMethod: findDefaultForApi(state.references.orderMethods) ?? "shopping-cart",
    createdAt: stamp,
    statusUpdatedAt: stamp,
    fields: { fromApi: writer.source === "api" },
    items: [],
  };
  const draft: CrmOrderDraft = { order, payments: [], autoCustomer: !hasCustomerRef(input) };
  const errors = applyOrderInput(state, draft, input, [], now);
  validateOrderDraft(state, draft, null, input, errors);
  if (Object.keys(errors).length > 0) throw new CrmEntityRejection("invalid", errors);
  return commitOrderDraft(state, null, draft, writer, now);
}

export function editOrder(state: CrmSimState, current: CrmStoredOrder, input: CrmOrderInput, writer: CrmWriter, now: Date): CrmStoredOrder {
  if (input.externalId !== undefined && input.externalId !== current.externalId) {
    assertOrderExternalIdFree(state, current.site, input.externalId, current.id);
  }
  const existingPayments = listOrderPayments(state, current.id);
  const draft: CrmOrderDraft = {
    order: structuredClone(current),
    payments: existingPayments.map((payment) => keepPaymentDraft(payment, "")),
    autoCustomer: false,
  };
  const errors = applyOrderInput(state, draft, input, existingPayments, now);
  validateOrderDraft(state, draft, current, input, errors);
  if (Object.keys(errors).length > 0) throw new CrmEntityRejection("invalid", errors);
  return commitOrderDraft(state, current, draft, writer, now);
}

/** `orders/payments/create`: the same rules as a payment sent inside the order. */
export function addOrderPayment(
  state: CrmSimState,
  order: CrmStoredOrder,
  input: CrmPaymentInput,
  writer: CrmWriter,
  now: Date,
): CrmStoredPayment {
  const existing = listOrderPayments(state, order.id);
  const added = buildPaymentDraft(undefined, input, "");
  const draft: CrmOrderDraft = {
    order: structuredClone(order),
    payments: [...existing.map((payment) => keepPaymentDraft(payment, "")), added],
    autoCustomer: false,
  };
  runPaymentChange(state, order, draft, writer, now);
  return structuredClone(added.payment);
}

export function editOrderPayment(
  state: CrmSimState,
  payment: CrmStoredPayment,
  input: CrmPaymentInput,
  writer: CrmWriter,
  now: Date,
): CrmStoredPayment {
  const order = state.orders.get(payment.orderId);
  if (!order) throw new Error(`Payment ${payment.id} points at missing order ${payment.orderId}.`);
  const edited = buildPaymentDraft(payment, input, "");
  const draft: CrmOrderDraft = {
    order: structuredClone(order),
    payments: listOrderPayments(state, order.id).map((other) => (other.id === payment.id ? edited : keepPaymentDraft(other, ""))),
    autoCustomer: false,
  };
  runPaymentChange(state, order, draft, writer, now);
  return structuredClone(edited.payment);
}

export function deleteOrderPayment(state: CrmSimState, payment: CrmStoredPayment, writer: CrmWriter, now: Date): void {
  const order = state.orders.get(payment.orderId);
  if (!order) throw new Error(`Payment ${payment.id} points at missing order ${payment.orderId}.`);
  const draft: CrmOrderDraft = {
    order: structuredClone(order),
    payments: listOrderPayments(state, order.id)
      .filter((other) => other.id !== payment.id)
      .map((other) => keepPaymentDraft(other, "")),
    autoCustomer: false,
  };
  commitOrderDraft(state, order, draft, writer, now);
}

function runPaymentChange(state: CrmSimState, order: CrmStoredOrder, draft: CrmOrderDraft, writer: CrmWriter, now: Date): void {
  const errors: Record<string, string> = {};
  const deliveryCode = readDeliveryCode(draft.order);
  validatePaymentDrafts(state, draft.payments, deliveryCode, false, errors);
  if (Object.keys(errors).length > 0) throw new CrmEntityRejection("invalid", errors);
  commitOrderDraft(state, order, draft, writer, now);
}

export function assertOrderExternalIdFree(state: CrmSimState, site: string, externalId: string, selfId: number | undefined): void {
  const holder = findOrder(state, { externalId, site });
  if (holder && holder.id !== selfId) {
    throw new CrmEntityRejection("duplicate", { externalId: `Order with externalId=${externalId} already exists.` });
  }
}

function hasCustomerRef(input: CrmOrderInput): boolean {
  return input.customer?.id !== undefined || input.customer?.externalId !== undefined;
}

/** Applies the input onto the draft; returns reference errors (customer, items) found on the way. */
function applyOrderInput(
  state: CrmSimState,
  draft: CrmOrderDraft,
  input: CrmOrderInput,
  existingPayments: readonly CrmStoredPayment[],
  now: Date,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const { order } = draft;
  if (input.externalId !== undefined) order.externalId = input.externalId;
  if (input.number !== undefined) order.number = input.number;
  if (input.status !== undefined && input.status !== order.status) {
    order.status = input.status;
    order.statusUpdatedAt = formatCrmDateTime(now);
  }
  if (input.orderType !== undefined) order.orderType = input.orderType;
  if (input.orderMethod !== undefined) order.orderMethod = input.orderMethod;
  if (input.createdAt !== undefined) order.createdAt = input.createdAt;

  if (input.customer && hasCustomerRef(input)) {
    const { id, externalId } = input.customer;
    const site = input.customer.site ?? order.site;
    const customer = id !== undefined ? findCustomer(state, { id, site: order.site }) : findCustomer(state, { externalId, site });
    if (customer) order.customerId = customer.id;
    else if (id !== undefined) errors["customer.id"] = `Customer with id=${id} not found.`;
    else errors["customer.externalId"] = `Customer with externalId=${externalId} not found.`;
  }

  for (const [key, value] of Object.entries(input)) {
    if (ORDER_CORE_KEYS.has(key) || value === undefined) continue;
    if (value === null) delete order.fields[key];
    else if (MERGED_OBJECT_FIELDS.has(key)) order.fields[key] = mergeOrderObject(order.fields[key], value as Record<string, unknown>);
    else order.fields[key] = structuredClone(value);
  }

  if (input.items !== undefined) {
    order.items = buildItemDrafts(state, order.site, input.items, order.items, now, errors);
  }
  if (input.payments !== undefined) {
    draft.payments = input.payments.map((paymentInput, index) => {
      const prefix = `payments[${index}].`;
      const base = paymentInput.id !== undefined ? existingPayments.find((payment) => payment.id === paymentInput.id) : undefined;
      if (paymentInput.id !== undefined && !base) errors[`${prefix}id`] = `Payment with id=${paymentInput.id} not found in this order.`;
      return buildPaymentDraft(base, paymentInput, prefix);
    });
  }
  return errors;
}

function mergeOrderObject(current: unknown, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = current && typeof current === "object" ? { ...(current as object) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (key === "address" && typeof value === "object") merged[key] = mergeOrderObject(merged[key], value as Record<string, unknown>);
    else merged[key] = structuredClone(value);
  }
  return merged;
}

function readDeliveryCode(order: CrmStoredOrder): string | undefined {
  const delivery = order.fields.delivery as { code?: string } | undefined;
  return delivery?.code ?? undefined;
}

/** Dictionary codes that changed must exist and be active; then the payment rules. */
function validateOrderDraft(
  state: CrmSimState,
  draft: CrmOrderDraft,
  before: CrmStoredOrder | null,
  input: CrmOrderInput,
  errors: Record<string, string>,
): void {
  const { order } = draft;
  const { references } = state;
  const changed = (value: unknown, previous: unknown) => before === null || value !== previous;
  if (changed(order.status, before?.status)) checkCode(references.statuses, order.status, "status", "Status", errors);
  if (changed(order.orderType, before?.orderType)) checkCode(references.orderTypes, order.orderType, "orderType", "Order type", errors);
  if (changed(order.orderMethod, before?.orderMethod)) {
    checkCode(references.orderMethods, order.orderMethod, "orderMethod", "Order method", errors);
  }
  const deliveryCode = readDeliveryCode(order);
  const deliveryChanged = before === null ? deliveryCode !== undefined : deliveryCode !== readDeliveryCode(before);
  if (deliveryCode !== undefined && deliveryChanged) {
    checkCode(references.deliveryTypes, deliveryCode, "delivery.code", "Delivery type", errors);
  }
  const store = order.fields.shipmentStore;
  if (typeof store === "string" && input.shipmentStore !== undefined) {
    checkCode(references.stores, store, "shipmentStore", "Store", errors);
  }
  validatePaymentDrafts(state, draft.payments, deliveryCode, deliveryChanged, errors);
}

function checkCode(
  dictionary: Record<string, { active: boolean }>,
  code: string,
  key: string,
  label: string,
  errors: Record<string, string>,
): void {
  const entry = dictionary[code];
  if (!entry) errors[key] = `${label} "${code}" does not exist.`;
  else if (!entry.active) errors[key] = `${label} "${code}" is not active.`;
}

function commitOrderDraft(
  state: CrmSimState,
  before: CrmStoredOrder | null,
  draft: CrmOrderDraft,
  writer: CrmWriter,
  now: Date,
): CrmStoredOrder {
  const { order } = draft;
  if (before === null) {
    order.id = allocateId(state, "order");
    if (!order.number) order.number = `${order.id}A`;
  }
  for (const item of order.items) {
    if (item.id === 0) item.id = allocateId(state, "orderItem");
  }
  if (draft.autoCustomer) {
    order.customerId = createCustomerFromContact(state, order, now).id;
  }
  const beforePayments = before ? listOrderPayments(state, order.id) : [];
  const { totalSumm } = computeOrderSums(order);
  for (const { payment, amountMissing } of draft.payments) {
    if (payment.id === 0) payment.id = allocateId(state, "payment");
    payment.orderId = order.id;
    if (amountMissing) payment.amount = totalSumm;
  }
  state.orders.set(order.id, order);
  for (const payment of beforePayments) state.payments.delete(payment.id);
  for (const { payment } of draft.payments) state.payments.set(payment.id, payment);

  if (before === null) {
    appendHistory(state, "order", {
      entityId: order.id,
      entity: renderOrder(state, order),
      writer,
      now,
      created: true,
      changes: [{ field: "status", oldValue: null, newValue: { code: order.status } }],
    });
  } else {
    const changes: CrmHistoryChange[] = [
      ...diffFieldMaps(flattenOrderFields(before), flattenOrderFields(order)),
      ...diffOrderItems(before.items, order.items),
      ...diffPayments(beforePayments, listOrderPayments(state, order.id)),
    ];
    if (changes.length > 0) {
      appendHistory(state, "order", { entityId: order.id, entity: renderOrderStub(order), writer, now, changes });
    }
  }
  return order;
}

function createCustomerFromContact(state: CrmSimState, order: CrmStoredOrder, now: Date) {
  const contact = order.fields;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  const phone = text(contact.phone);
  return createCustomer(
    state,
    order.site,
    {
      firstName: text(contact.firstName),
      lastName: text(contact.lastName),
      patronymic: text(contact.patronymic),
      email: text(contact.email),
      ...(phone ? { phones: [{ number: phone }] } : {}),
    },
    { source: "code" },
    now,
  );
}

export function setOrderExternalId(
  state: CrmSimState,
  order: CrmStoredOrder,
  externalId: string,
  writer: CrmWriter,
  now: Date,
): void {
  editOrder(state, order, { externalId }, writer, now);
}

/** Snake_case history field names and `{code}` dictionary values (reference §3.7). */
function flattenOrderFields(order: CrmStoredOrder): Map<string, unknown> {
  const fields = new Map<string, unknown>([
    ["external_id", order.externalId],
    ["number", order.number],
    ["status", { code: order.status }],
    ["order_type", { code: order.orderType }],
    ["order_method", { code: order.orderMethod }],
    ["created_at", order.createdAt],
  ]);
  if (order.customerId !== undefined) fields.set("customer", { id: order.customerId });
  const { delivery, customFields, fromApi: _fromApi, ...rest } = order.fields;
  for (const [key, value] of Object.entries(rest)) {
    if (key === "countryIso") fields.set("country", value);
    else if (key === "managerId") fields.set("manager", { id: value });
    else if (key === "shipmentStore") fields.set("shipment_store", { code: value });
    else if (key === "discountManualAmount") fields.set("discount_manual_amount", value);
    else if (key === "source" || key === "contragent") flattenInto(fields, `${key}.`, value);
    else fields.set(toSnakeCase(key), value);
  }
  if (delivery && typeof delivery === "object") {
    const { code, cost, netCost, date, time, service, vatRate, address, data } = delivery as Record<string, unknown>;
    if (code !== undefined) fields.set("delivery_type", { code });
    fields.set("delivery_cost", cost);
    fields.set("delivery_net_cost", netCost);
    fields.set("delivery_date", date);
    fields.set("delivery_time", time);
    fields.set("delivery_service", service);
    fields.set("delivery_vat_rate", vatRate);
    flattenInto(fields, "delivery_address.", address, { countryIso: "country" });
    flattenInto(fields, "integration_delivery_data.", data);
  }
  if (customFields && typeof customFields === "object") {
    for (const [code, value] of Object.entries(customFields)) fields.set(`custom_${code}`, value);
  }
  return fields;
}

export function renderOrderStub(order: CrmStoredOrder): Record<string, unknown> {
  return {
    id: order.id,
    ...(order.externalId !== undefined ? { externalId: order.externalId } : {}),
    ...(order.fields.managerId !== undefined ? { managerId: order.fields.managerId } : {}),
    site: order.site,
    status: order.status,
  };
}

/** The order as `GET /orders/{id}` returns it: full customer, payments keyed by id, empty maps as `[]`. */
export function renderOrder(state: CrmSimState, order: CrmStoredOrder): Record<string, unknown> {
  const totals = computeOrderTotals(state, order);
  const { delivery, customFields, ...rest } = order.fields;
  const payments = listOrderPayments(state, order.id);
  const customer = order.customerId !== undefined ? state.customers.get(order.customerId) : undefined;
  const deliveryFields = (delivery ?? {}) as Record<string, unknown>;
  return {
    slug: order.id,
    id: order.id,
    number: order.number,
    ...(order.externalId !== undefined ? { externalId: order.externalId } : {}),
    orderType: order.orderType,
    orderMethod: order.orderMethod,
    privilegeType: "none",
    createdAt: order.createdAt,
    statusUpdatedAt: order.statusUpdatedAt,
    ...totals,
    discountManualAmount: 0,
    discountManualPercent: 0,
    call: false,
    expired: false,
    shipped: false,
    contragent: { contragentType: "individual" },
    ...structuredClone(rest),
    site: order.site,
    status: order.status,
    currency: state.sites.get(order.site)?.currency,
    ...(customer ? { customer: renderCustomer(state, customer) } : {}),
    items: order.items.map(renderOrderItem),
    delivery: {
      cost: 0,
      netCost: 0,
      ...structuredClone(deliveryFields),
      address: isNonEmptyObject(deliveryFields.address) ? structuredClone(deliveryFields.address) : {},
    },
    payments: payments.length > 0 ? Object.fromEntries(payments.map((payment) => [String(payment.id), renderPayment(payment)])) : [],
    customFields: isNonEmptyObject(customFields) ? structuredClone(customFields) : [],
  };
}
