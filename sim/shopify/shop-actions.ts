/** What a merchant does in the Shopify admin: each helper changes the store and sends the matching webhooks. */
import { createCustomer, deleteCustomer, updateCustomer, type SimCustomerInput } from "./store/customers";
import { parseGidOf, type SimGidType } from "./store/gid";
import {
  cancelOrder,
  createOrder,
  deleteOrder,
  editOrder,
  fulfillOrder,
  markOrderPaid,
  updateOrder,
  type SimOrderEditInput,
  type SimOrderInput,
  type SimOrderUpdate,
} from "./store/orders";
import {
  createCollection,
  createProduct,
  deleteProduct,
  setInventoryQuantity,
  updateProduct,
  type SimProductInput,
  type SimProductUpdate,
} from "./store/products";
import { unwrapResult, type SimShopContext } from "./store/shop-state";
import type { SimCancelReason, SimCollection, SimCustomer, SimOrder, SimProduct, SimVariant } from "./store/types";
import {
  buildCustomerDataRequestPayload,
  buildCustomerRedactPayload,
  buildScopesUpdatePayload,
  buildShopPayload,
  buildShopRedactPayload,
} from "./webhooks/payloads";

export type SimId = number | string;

export interface SimShopActions {
  customers(): SimCustomer[];
  customer(id: SimId): SimCustomer | undefined;
  orders(): SimOrder[];
  order(id: SimId): SimOrder | undefined;
  products(): SimProduct[];
  product(id: SimId): SimProduct | undefined;
  collections(): SimCollection[];

  createCustomer(input: SimCustomerInput): SimCustomer;
  updateCustomer(id: SimId, input: SimCustomerInput): SimCustomer;
  deleteCustomer(id: SimId): void;
  createOrder(input: SimOrderInput): SimOrder;
  updateOrder(id: SimId, update: SimOrderUpdate): SimOrder;
  cancelOrder(id: SimId, options?: { reason?: SimCancelReason; restock?: boolean; refund?: boolean }): SimOrder;
  fulfillOrder(id: SimId, options?: Parameters<typeof fulfillOrder>[2]): SimOrder;
  markOrderPaid(id: SimId): SimOrder;
  editOrder(id: SimId, input: SimOrderEditInput): SimOrder;
  deleteOrder(id: SimId): void;
  createProduct(input: SimProductInput): SimProduct;
  updateProduct(id: SimId, update: SimProductUpdate): SimProduct;
  deleteProduct(id: SimId): void;
  createCollection(input: Parameters<typeof createCollection>[1]): SimCollection;
  setInventoryQuantity(variantId: SimId, quantity: number): SimVariant;

  /** app/uninstalled; afterwards tokens stop working and no other webhooks are sent. */
  uninstallApp(): void;
  /** Installs again (same token unless one is given). */
  reinstallApp(options?: { accessToken?: string; scopes?: string[] }): void;
  /** The merchant approves new scopes: app/scopes_update. */
  updateScopes(scopes: string[]): void;
  requestCustomerData(customerId: SimId): void;
  redactCustomer(customerId: SimId): void;
  redactShop(): void;
}

function toId(type: SimGidType, id: SimId): number {
  if (typeof id === "number") return id;
  const parsed = parseGidOf(type, id) ?? (/^\d+$/.test(id) ? Number(id) : null);
  if (parsed === null) throw new Error(`"${id}" is not a ${type} id; pass a number or gid://shopify/${type}/<id>.`);
  return parsed;
}

const copy = <T>(value: T): T => structuredClone(value);

export function createShopActions(ctx: SimShopContext): SimShopActions {
  const state = ctx.state;
  const ordersOf = (customerId: number) => [...state.orders.values()].filter((order) => order.customerId === customerId).map((order) => order.id);
  const requireCustomer = (id: SimId) => {
    const customer = state.customers.get(toId("Customer", id));
    if (!customer) throw new Error(`Customer ${id} is not in shop ${state.domain}.`);
    return customer;
  };
  return {
    customers: () => [...state.customers.values()].map(copy),
    customer: (id) => {
      const found = state.customers.get(toId("Customer", id));
      return found && copy(found);
    },
    orders: () => [...state.orders.values()].map(copy),
    order: (id) => {
      const found = state.orders.get(toId("Order", id));
      return found && copy(found);
    },
    products: () => [...state.products.values()].map(copy),
    product: (id) => {
      const found = state.products.get(toId("Product", id));
      return found && copy(found);
    },
    collections: () => [...state.collections.values()].map(copy),

    createCustomer: (input) => copy(unwrapResult(createCustomer(ctx, input), "create the customer")),
    updateCustomer: (id, input) => copy(unwrapResult(updateCustomer(ctx, toId("Customer", id), input), "update the customer")),
    deleteCustomer: (id) => void unwrapResult(deleteCustomer(ctx, toId("Customer", id)), "delete the customer"),
    createOrder: (input) => copy(unwrapResult(createOrder(ctx, input), "create the order")),
    updateOrder: (id, update) => copy(unwrapResult(updateOrder(ctx, toId("Order", id), update), "update the order")),
    cancelOrder: (id, options = {}) =>
      copy(unwrapResult(cancelOrder(ctx, toId("Order", id), { reason: options.reason ?? "CUSTOMER", restock: options.restock, refund: options.refund }), "cancel the order")),
    fulfillOrder: (id, options) => copy(unwrapResult(fulfillOrder(ctx, toId("Order", id), options), "fulfil the order")),
    markOrderPaid: (id) => copy(unwrapResult(markOrderPaid(ctx, toId("Order", id)), "mark the order as paid")),
    editOrder: (id, input) => copy(unwrapResult(editOrder(ctx, toId("Order", id), input), "edit the order")),
    deleteOrder: (id) => void unwrapResult(deleteOrder(ctx, toId("Order", id)), "delete the order"),
    createProduct: (input) => copy(unwrapResult(createProduct(ctx, input), "create the product")),
    updateProduct: (id, update) => copy(unwrapResult(updateProduct(ctx, toId("Product", id), update), "update the product")),
    deleteProduct: (id) => void unwrapResult(deleteProduct(ctx, toId("Product", id)), "delete the product"),
    createCollection: (input) => copy(unwrapResult(createCollection(ctx, input), "create the collection")),
    setInventoryQuantity: (variantId, quantity) =>
      copy(unwrapResult(setInventoryQuantity(ctx, toId("ProductVariant", variantId), quantity), "set the inventory")),

    uninstallApp() {
      if (!state.installed) return;
      state.installed = false;
      state.tokens.clear();
      state.refreshTokens.clear();
      ctx.emit("app/uninstalled", buildShopPayload(state));
    },
    reinstallApp(options = {}) {
      state.installed = true;
      if (options.accessToken) state.accessToken = options.accessToken;
      if (options.scopes) state.scopes = [...options.scopes];
      state.tokens.set(state.accessToken, { expiresAt: null });
    },
    updateScopes(scopes) {
      const previous = [...state.scopes];
      state.scopes = [...scopes];
      ctx.emit("app/scopes_update", buildScopesUpdatePayload(state, previous, [...scopes], ctx.now()));
    },
    requestCustomerData(customerId) {
      const customer = requireCustomer(customerId);
      ctx.emit("customers/data_request", buildCustomerDataRequestPayload(state, customer, ordersOf(customer.id), ctx.nextId()));
    },
    redactCustomer(customerId) {
      const customer = requireCustomer(customerId);
      ctx.emit("customers/redact", buildCustomerRedactPayload(state, customer, ordersOf(customer.id)));
    },
    redactShop() {
      ctx.emit("shop/redact", buildShopRedactPayload(state));
    },
  };
}
