import {
  buildIdOnlyPayload,
  buildOrderEditedPayload,
  buildOrderPayload,
} from "../webhooks/payloads";
import { createCustomer, findCustomerByEmail, toSimAddress, type SimAddressInput, type SimCustomerInput } from "./customers";
import { parseMoneyToCents } from "./money";
import { normalizeTags, sortTags } from "./normalize";
import { computeOrderTotals, fulfillmentStatusOf } from "./order-totals";
import { fail, succeed, type SimResult, type SimShopContext } from "./shop-state";
import type { SimCancelReason, SimFinancialStatus, SimLineItem, SimOrder, SimOrderEdit, SimTransaction, SimVariant } from "./types";

export type SimLineItemInput =
  | { variantId: number; quantity: number; price?: string; discount?: string; properties?: SimLineItem["properties"] }
  | {
      title: string;
      price: string;
      quantity: number;
      sku?: string | null;
      vendor?: string | null;
      requiresShipping?: boolean;
      taxable?: boolean;
      grams?: number;
      discount?: string;
      properties?: SimLineItem["properties"];
    };

export interface SimOrderInput {
  /** An existing customer; or `customer`, matched by e-mail and created when new (as a checkout does). */
  customerId?: number | null;
  customer?: SimCustomerInput;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[];
  customAttributes?: { key: string; value: string }[];
  currency?: string;
  lineItems: SimLineItemInput[];
  shippingLines?: { title: string; price: string; code?: string | null; source?: string }[];
  shippingAddress?: SimAddressInput | null;
  /** Defaults to the shipping address. */
  billingAddress?: SimAddressInput | null;
  /** Without it: derived from `transactions` (none → PENDING). PAID/AUTHORIZED without transactions add one for the total. */
  financialStatus?: SimFinancialStatus;
  transactions?: { amount: string; kind?: SimTransaction["kind"]; status?: SimTransaction["status"]; gateway?: string }[];
  /** Merchant orders take stock (DECREMENT_IGNORING_POLICY); orderCreate defaults to BYPASS. */
  inventoryBehaviour?: "BYPASS" | "DECREMENT_IGNORING_POLICY" | "DECREMENT_OBEYING_POLICY";
  /** A fixed amount off the order, or a percentage of the line items. */
  discountCode?: { code: string; amount: string } | { code: string; percentage: number };
  name?: string;
  poNumber?: string | null;
  sourceName?: string;
  sourceIdentifier?: string | null;
  processedAt?: string;
  test?: boolean;
  buyerAcceptsMarketing?: boolean;
  customerLocale?: string | null;
  gateway?: string;
}

export interface SimOrderUpdate {
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[] | null;
  customAttributes?: { key: string; value: string }[] | null;
  shippingAddress?: SimAddressInput | null;
  poNumber?: string | null;
}

export interface SimOrderEditInput {
  addVariants?: { variantId: number; quantity: number }[];
  addCustomItems?: { title: string; price: string; quantity: number; requiresShipping?: boolean; taxable?: boolean }[];
  setQuantities?: { lineItemId: number; quantity: number }[];
}

function findVariant(ctx: SimShopContext, variantId: number): SimVariant | undefined {
  for (const product of ctx.state.products.values()) {
    const variant = product.variants.find((item) => item.id === variantId);
    if (variant) return variant;
  }
  return undefined;
}

function buildLineItem(ctx: SimShopContext, input: SimLineItemInput): SimResult<SimLineItem> {
  const common = {
    id: ctx.nextId(),
    quantity: input.quantity,
    currentQuantity: input.quantity,
    fulfilledQuantity: 0,
    discountCents: input.discount ? parseMoneyToCents(input.discount) : 0,
    giftCard: false,
    properties: input.properties ?? [],
  };
  if (input.quantity < 1) return fail({ field: ["lineItems", "quantity"], message: "Quantity must be greater than 0" });
  if ("variantId" in input) {
    const variant = findVariant(ctx, input.variantId);
    const product = variant ? ctx.state.products.get(variant.productId) : undefined;
    if (!variant || !product) return fail({ field: ["lineItems", "variantId"], message: `Variant ${input.variantId} does not exist` });
    return succeed({
      ...common,
      variantId: variant.id,
      productId: product.id,
      sku: variant.sku,
      title: product.title,
      variantTitle: variant.title === "Default Title" ? null : variant.title,
      vendor: product.vendor,
      priceCents: input.price ? parseMoneyToCents(input.price) : variant.priceCents,
      requiresShipping: variant.requiresShipping,
      taxable: variant.taxable,
      grams: gramsOf(variant),
    });
  }
  return succeed({
    ...common,
    variantId: null,
    productId: null,
    sku: input.sku ?? null,
    title: input.title,
    variantTitle: null,
    vendor: input.vendor ?? null,
    priceCents: parseMoneyToCents(input.price),
    requiresShipping: input.requiresShipping ?? true,
    taxable: input.taxable ?? true,
    grams: input.grams ?? 0,
  });
}

function gramsOf(variant: SimVariant): number {
  const weight = variant.weight ?? 0;
  const factor = { GRAMS: 1, KILOGRAMS: 1000, OUNCES: 28.349523125, POUNDS: 453.59237 }[variant.weightUnit];
  return Math.round(weight * factor);
}

function adjustInventory(ctx: SimShopContext, order: SimOrder, direction: -1 | 1): void {
  for (const item of order.lineItems) {
    if (item.variantId === null) continue;
    const variant = findVariant(ctx, item.variantId);
    if (variant?.tracked) variant.inventoryQuantity += direction * item.currentQuantity;
  }
}

export function createOrder(ctx: SimShopContext, input: SimOrderInput): SimResult<SimOrder> {
  if (input.lineItems.length === 0) return fail({ field: ["lineItems"], message: "Line items must have at least one line item" });
  const lineItems: SimLineItem[] = [];
  for (const lineInput of input.lineItems) {
    const built = buildLineItem(ctx, lineInput);
    if (!built.ok) return built;
    lineItems.push(built.value);
  }
  let customerId = input.customerId ?? null;
  if (customerId !== null && !ctx.state.customers.has(customerId)) {
    return fail({ field: ["customerId"], message: `Customer ${customerId} does not exist` });
  }
  if (customerId === null && input.customer) {
    const existing = input.customer.email ? findCustomerByEmail(ctx, input.customer.email) : undefined;
    if (existing) {
      customerId = existing.id;
    } else {
      const created = createCustomer(ctx, input.customer);
      if (!created.ok) return created;
      customerId = created.value.id;
    }
  }
  const customer = customerId === null ? undefined : ctx.state.customers.get(customerId);
  const now = ctx.stamp();
  const processedAt = input.processedAt ? Math.floor(Date.parse(input.processedAt) / 1000) * 1000 : now;
  const number = ++ctx.state.lastOrderNumber;
  const shippingAddress = input.shippingAddress ? toSimAddress(input.shippingAddress) : null;
  const order: SimOrder = {
    id: ctx.nextId(),
    number,
    name: input.name ?? `#${1000 + number}`,
    email: input.email ?? customer?.email ?? null,
    phone: input.phone ?? null,
    note: input.note ?? null,
    tags: sortTags(normalizeTags(input.tags ?? [])),
    customAttributes: input.customAttributes ?? [],
    currency: input.currency ?? ctx.state.info.currencyCode,
    customerId,
    billingAddress: input.billingAddress ? toSimAddress(input.billingAddress) : shippingAddress,
    shippingAddress,
    lineItems,
    shippingLines: (input.shippingLines ?? []).map((line) => ({
      id: ctx.nextId(),
      title: line.title,
      code: line.code ?? line.title,
      source: line.source ?? "shopify",
      priceCents: parseMoneyToCents(line.price),
    })),
    transactions: [],
    fulfillments: [],
    edits: [],
    discountCodes: [],
    orderDiscountCents: 0,
    financialStatus: "PENDING",
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    createdAt: now,
    updatedAt: now,
    processedAt,
    sourceName: input.sourceName ?? "web",
    sourceIdentifier: input.sourceIdentifier ?? null,
    poNumber: input.poNumber ?? null,
    test: input.test ?? false,
    buyerAcceptsMarketing: input.buyerAcceptsMarketing ?? false,
    customerLocale: input.customerLocale ?? "en",
    paymentGatewayNames: [input.gateway ?? "manual"],
  };
  applyDiscountCode(order, input.discountCode);
  const totalCents = computeOrderTotals(order).totalCents;
  for (const transaction of input.transactions ?? []) {
    order.transactions.push({
      id: ctx.nextId(),
      kind: transaction.kind ?? "SALE",
      status: transaction.status ?? "SUCCESS",
      amountCents: parseMoneyToCents(transaction.amount),
      gateway: transaction.gateway ?? input.gateway ?? "manual",
      createdAt: now,
    });
  }
  if ((input.financialStatus === "PAID" || input.financialStatus === "AUTHORIZED") && order.transactions.length === 0) {
    const kind = input.financialStatus === "PAID" ? "SALE" : "AUTHORIZATION";
    order.transactions.push({ id: ctx.nextId(), kind, status: "SUCCESS", amountCents: totalCents, gateway: input.gateway ?? "manual", createdAt: now });
  }
  order.financialStatus = input.financialStatus ?? financialStatusFromTransactions(order);
  ctx.state.orders.set(order.id, order);
  if ((input.inventoryBehaviour ?? "DECREMENT_IGNORING_POLICY") !== "BYPASS") adjustInventory(ctx, order, -1);
  ctx.emit("orders/create", buildOrderPayload(ctx.state, order));
  if (order.financialStatus === "PAID") ctx.emit("orders/paid", buildOrderPayload(ctx.state, order));
  return succeed(order);
}

function applyDiscountCode(order: SimOrder, discount: SimOrderInput["discountCode"]): void {
  if (!discount) return;
  const lineCents = order.lineItems.reduce((sum, item) => sum + item.priceCents * item.quantity - item.discountCents, 0);
  if ("percentage" in discount) {
    const amountCents = Math.round((lineCents * discount.percentage) / 100);
    order.discountCodes = [{ code: discount.code, amountCents, type: "percentage" }];
    order.orderDiscountCents = amountCents;
    return;
  }
  const amountCents = Math.min(lineCents, parseMoneyToCents(discount.amount));
  order.discountCodes = [{ code: discount.code, amountCents, type: "fixed_amount" }];
  order.orderDiscountCents = amountCents;
}

function financialStatusFromTransactions(order: SimOrder): SimFinancialStatus {
  const succeeded = order.transactions.filter((transaction) => transaction.status === "SUCCESS");
  const totals = computeOrderTotals(order);
  if (totals.receivedCents > 0) return totals.outstandingCents === 0 ? "PAID" : "PARTIALLY_PAID";
  return succeeded.some((transaction) => transaction.kind === "AUTHORIZATION") ? "AUTHORIZED" : "PENDING";
}

function orderOrError(ctx: SimShopContext, id: number): SimResult<SimOrder> {
  const order = ctx.state.orders.get(id);
  return order ? succeed(order) : fail({ field: ["id"], message: "Order does not exist", code: "NOT_FOUND" });
}

function touch(ctx: SimShopContext, order: SimOrder): void {
  order.updatedAt = ctx.stamp(order.updatedAt);
}

/** orderUpdate semantics: provided fields overwrite; an update that changes nothing sends no webhook. */
export function updateOrder(ctx: SimShopContext, id: number, update: SimOrderUpdate): SimResult<SimOrder> {
  const found = orderOrError(ctx, id);
  if (!found.ok) return found;
  const order = found.value;
  const before = JSON.stringify(order);
  if (update.email !== undefined) order.email = update.email;
  if (update.phone !== undefined) order.phone = update.phone;
  if (update.note !== undefined) order.note = update.note;
  if (update.poNumber !== undefined) order.poNumber = update.poNumber;
  if (update.tags !== undefined && update.tags !== null) order.tags = sortTags(normalizeTags(update.tags));
  if (update.customAttributes !== undefined && update.customAttributes !== null) order.customAttributes = update.customAttributes;
  if (update.shippingAddress !== undefined) order.shippingAddress = update.shippingAddress ? toSimAddress(update.shippingAddress) : null;
  if (JSON.stringify(order) === before) return succeed(order);
  touch(ctx, order);
  ctx.emit("orders/updated", buildOrderPayload(ctx.state, order));
  return succeed(order);
}

export function changeOrderTags(ctx: SimShopContext, id: number, tags: string[], change: "add" | "remove"): SimResult<SimOrder> {
  const found = orderOrError(ctx, id);
  if (!found.ok) return found;
  const removing = new Set(normalizeTags(tags).map((tag) => tag.toLowerCase()));
  const next =
    change === "add"
      ? [...found.value.tags, ...tags]
      : found.value.tags.filter((tag) => !removing.has(tag.toLowerCase()));
  return updateOrder(ctx, id, { tags: next });
}

export function canMarkOrderAsPaid(order: SimOrder): boolean {
  return order.cancelledAt === null && computeOrderTotals(order).outstandingCents > 0;
}

export function markOrderPaid(ctx: SimShopContext, id: number): SimResult<SimOrder> {
  const found = orderOrError(ctx, id);
  if (!found.ok) return found;
  const order = found.value;
  if (!canMarkOrderAsPaid(order)) return fail({ field: ["id"], message: "Order cannot be marked as paid." });
  const outstanding = computeOrderTotals(order).outstandingCents;
  touch(ctx, order);
  order.transactions.push({ id: ctx.nextId(), kind: "SALE", status: "SUCCESS", amountCents: outstanding, gateway: "manual", createdAt: order.updatedAt });
  order.financialStatus = "PAID";
  ctx.emit("orders/paid", buildOrderPayload(ctx.state, order));
  ctx.emit("orders/updated", buildOrderPayload(ctx.state, order));
  return succeed(order);
}

export function cancelOrder(
  ctx: SimShopContext,
  id: number,
  options: { reason: SimCancelReason; restock?: boolean; refund?: boolean },
): SimResult<SimOrder> {
  const found = orderOrError(ctx, id);
  if (!found.ok) return found;
  const order = found.value;
  if (order.cancelledAt !== null) return fail({ field: ["orderId"], message: "Order has already been cancelled", code: "INVALID" });
  touch(ctx, order);
  order.cancelledAt = order.updatedAt;
  order.closedAt = order.updatedAt;
  order.cancelReason = options.reason;
  const received = computeOrderTotals(order).receivedCents;
  if (received === 0) order.financialStatus = "VOIDED";
  if (received > 0 && options.refund) {
    order.transactions.push({ id: ctx.nextId(), kind: "REFUND", status: "SUCCESS", amountCents: received, gateway: "manual", createdAt: order.updatedAt });
    order.financialStatus = "REFUNDED";
  }
  if (options.restock) adjustInventory(ctx, order, 1);
  ctx.emit("orders/cancelled", buildOrderPayload(ctx.state, order));
  ctx.emit("orders/updated", buildOrderPayload(ctx.state, order));
  return succeed(order);
}

export function fulfillOrder(
  ctx: SimShopContext,
  id: number,
  options: { trackingNumber?: string; trackingCompany?: string; lineItems?: { lineItemId: number; quantity: number }[] } = {},
): SimResult<SimOrder> {
  const found = orderOrError(ctx, id);
  if (!found.ok) return found;
  const order = found.value;
  if (order.cancelledAt !== null) return fail({ field: ["id"], message: "Cancelled orders cannot be fulfilled" });
  const wanted =
    options.lineItems ??
    order.lineItems
      .filter((item) => item.requiresShipping && item.currentQuantity > item.fulfilledQuantity)
      .map((item) => ({ lineItemId: item.id, quantity: item.currentQuantity - item.fulfilledQuantity }));
  if (wanted.length === 0) return fail({ field: ["id"], message: "Order has nothing left to fulfill" });
  for (const entry of wanted) {
    const item = order.lineItems.find((line) => line.id === entry.lineItemId);
    if (!item || entry.quantity > item.currentQuantity - item.fulfilledQuantity) {
      return fail({ field: ["lineItems"], message: `Line item ${entry.lineItemId} cannot be fulfilled in that quantity` });
    }
  }
  touch(ctx, order);
  for (const entry of wanted) {
    const item = order.lineItems.find((line) => line.id === entry.lineItemId);
    if (item) item.fulfilledQuantity += entry.quantity;
  }
  order.fulfillments.push({
    id: ctx.nextId(),
    createdAt: order.updatedAt,
    trackingCompany: options.trackingCompany ?? null,
    trackingNumber: options.trackingNumber ?? null,
    lineItems: wanted,
  });
  if (fulfillmentStatusOf(order) === "fulfilled") ctx.emit("orders/fulfilled", buildOrderPayload(ctx.state, order));
  ctx.emit("orders/updated", buildOrderPayload(ctx.state, order));
  return succeed(order);
}

/** Committed order edit (orderEditBegin … orderEditCommit as one step). */
export function editOrder(ctx: SimShopContext, id: number, input: SimOrderEditInput): SimResult<SimOrder> {
  const found = orderOrError(ctx, id);
  if (!found.ok) return found;
  const order = found.value;
  if (order.cancelledAt !== null) return fail({ field: ["id"], message: "The order is cancelled and can no longer be edited" });
  const edit: SimOrderEdit = { id: ctx.nextId(), committedAt: 0, additions: [], removals: [] };
  const added: SimLineItem[] = [];
  for (const entry of input.addVariants ?? []) {
    const built = buildLineItem(ctx, entry);
    if (!built.ok) return built;
    added.push(built.value);
  }
  for (const entry of input.addCustomItems ?? []) {
    const built = buildLineItem(ctx, entry);
    if (!built.ok) return built;
    added.push(built.value);
  }
  for (const change of input.setQuantities ?? []) {
    const item = order.lineItems.find((line) => line.id === change.lineItemId);
    if (!item) return fail({ field: ["lineItemId"], message: `Line item ${change.lineItemId} does not exist` });
    if (change.quantity < item.fulfilledQuantity) return fail({ field: ["quantity"], message: "Quantity cannot go below the fulfilled quantity" });
  }
  for (const change of input.setQuantities ?? []) {
    const item = order.lineItems.find((line) => line.id === change.lineItemId);
    if (!item || change.quantity === item.currentQuantity) continue;
    const delta = change.quantity - item.currentQuantity;
    (delta > 0 ? edit.additions : edit.removals).push({ lineItemId: item.id, delta: Math.abs(delta) });
    item.currentQuantity = change.quantity;
  }
  for (const item of added) {
    order.lineItems.push(item);
    edit.additions.push({ lineItemId: item.id, delta: item.quantity });
  }
  if (edit.additions.length === 0 && edit.removals.length === 0) return succeed(order);
  touch(ctx, order);
  edit.committedAt = order.updatedAt;
  order.edits.push(edit);
  const outstanding = computeOrderTotals(order).outstandingCents;
  if (order.financialStatus === "PAID" && outstanding > 0) order.financialStatus = "PARTIALLY_PAID";
  ctx.emit("orders/edited", buildOrderEditedPayload(ctx.state, order, edit));
  ctx.emit("orders/updated", buildOrderPayload(ctx.state, order));
  return succeed(order);
}

export function deleteOrder(ctx: SimShopContext, id: number): SimResult<number> {
  if (!ctx.state.orders.delete(id)) return fail({ field: ["id"], message: "Order does not exist" });
  ctx.emit("orders/delete", buildIdOnlyPayload(id));
  return succeed(id);
}
