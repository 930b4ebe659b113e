import { randomUUID } from "node:crypto";
import {
  changeCustomerTags,
  createCustomer,
  deleteCustomer,
  findCustomerByEmail,
  findCustomerByPhone,
  updateCustomer,
  type SimAddressInput,
  type SimCustomerInput,
} from "../store/customers";
import { parseGid, parseGidOf, toGid } from "../store/gid";
import { normalizePhone } from "../store/normalize";
import { cancelOrder, changeOrderTags, createOrder, markOrderPaid, updateOrder, type SimLineItemInput, type SimOrderInput } from "../store/orders";
import { changeProductTags } from "../store/products";
import type { SimResult, SimShopContext, SimUserError } from "../store/shop-state";
import type { SimCancelReason, SimFinancialStatus, SimOrder, SimTransaction, SimVariant } from "../store/types";
import { buildConnection, compareSortKeys, type SimConnectionArgs, type SimSortKey } from "./connection";
import type { SimGraphqlContext, SimResolverArgs } from "./context";
import { notImplemented } from "./errors";
import { filterBySearch, type SimSearchSchema } from "./search-query";
import {
  bulkOperationSearch,
  bulkOperationSortKey,
  collectionSearch,
  collectionSortKey,
  customerSearch,
  customerSortKey,
  orderSearch,
  orderSortKey,
  productSearch,
  productSortKey,
  rewriteOrderQuery,
  variantSearch,
  variantSortKey,
} from "./search-fields";
import {
  bulkOperationView,
  collectionView,
  customerView,
  locationView,
  orderView,
  productView,
  shopView,
  variantView,
  type SimView,
} from "./views";

export type SimRootResolver = (args: SimResolverArgs, ctx: SimGraphqlContext) => unknown;

function allVariants(shop: SimShopContext): SimVariant[] {
  return [...shop.state.products.values()].flatMap((product) => product.variants);
}

function findVariant(shop: SimShopContext, id: number): SimVariant | undefined {
  return allVariants(shop).find((variant) => variant.id === id);
}

function searchedConnection<Item>(
  ctx: SimGraphqlContext,
  path: string,
  items: Item[],
  args: SimResolverArgs,
  search: SimSearchSchema<Item>,
  keyOf: (item: Item) => SimSortKey,
  toNode: (item: Item) => unknown,
) {
  const query = typeof args.query === "string" ? args.query : null;
  const filtered = filterBySearch(items, query, search);
  if (query && filtered.warnings.length > 0) ctx.searchWarnings.push({ path, query, warnings: filtered.warnings });
  filtered.items.sort((a, b) => compareSortKeys(keyOf(a), keyOf(b)));
  return buildConnection(filtered.items, args as SimConnectionArgs, { bulk: ctx.bulk, keyOf, toNode });
}

function countOf(total: number, limit: unknown): SimView {
  const max = typeof limit === "number" ? limit : Number.POSITIVE_INFINITY;
  return { __typename: "Count", count: Math.min(total, max), precision: total > max ? "AT_LEAST" : "EXACT" };
}

/** Any Node the simulator stores, looked up by gid. */
export function findNode(ctx: SimGraphqlContext, gid: string): SimView | null {
  const parsed = parseGid(gid);
  if (!parsed) return null;
  const state = ctx.shop.state;
  switch (parsed.type) {
    case "Customer": {
      const customer = state.customers.get(parsed.id);
      return customer ? customerView(ctx, customer) : null;
    }
    case "Order": {
      const order = state.orders.get(parsed.id);
      return order ? orderView(ctx, order) : null;
    }
    case "Product": {
      const product = state.products.get(parsed.id);
      return product ? productView(ctx, product) : null;
    }
    case "ProductVariant": {
      const variant = findVariant(ctx.shop, parsed.id);
      return variant ? variantView(ctx, variant) : null;
    }
    case "Collection": {
      const collection = state.collections.get(parsed.id);
      return collection ? collectionView(ctx, collection) : null;
    }
    case "BulkOperation": {
      const operation = state.bulkOperations.get(parsed.id);
      return operation ? bulkOperationView(ctx, operation) : null;
    }
    case "Location":
      return parsed.id === state.locationId ? locationView(ctx) : null;
    default:
      throw notImplemented(`Looking up ${parsed.type} nodes`);
  }
}

function appView(ctx: SimGraphqlContext): SimView {
  const scopes = ctx.shop.state.scopes.map((handle) => ({ __typename: "AccessScope", handle, description: handle }));
  const app = {
    __typename: "App",
    id: toGid("App", 1),
    apiKey: ctx.apiKey,
    title: "RetailCRM connector (simulated)",
    handle: "retailcrm-connector",
    embedded: true,
    requestedAccessScopes: scopes,
    optionalAccessScopes: [],
    availableAccessScopes: scopes,
    webhookApiVersion: "2026-10",
    installation: () => installationView(ctx),
  };
  return app;
}

function installationView(ctx: SimGraphqlContext): SimView {
  return {
    __typename: "AppInstallation",
    id: toGid("AppInstallation", ctx.shop.state.info.id),
    accessScopes: ctx.shop.state.scopes.map((handle) => ({ __typename: "AccessScope", handle, description: handle })),
    activeSubscriptions: [],
    launchUrl: `https://${ctx.shop.state.domain}/admin/apps/retailcrm-connector`,
    uninstallUrl: null,
    app: () => appView(ctx),
  };
}

export const queryResolvers: Record<string, SimRootResolver> = {
  shop: (_args, ctx) => shopView(ctx),
  app: (_args, ctx) => appView(ctx),
  currentAppInstallation: (_args, ctx) => installationView(ctx),
  node: (args, ctx) => findNode(ctx, String(args.id)),
  nodes: (args, ctx) => (args.ids as string[]).map((id) => findNode(ctx, id)),
  job: (args) => ({ __typename: "Job", id: String(args.id), done: true, query: null }),

  customer: (args, ctx) => {
    const id = parseGidOf("Customer", String(args.id));
    const customer = id === null ? undefined : ctx.shop.state.customers.get(id);
    return customer ? customerView(ctx, customer) : null;
  },
  customerByIdentifier: (args, ctx) => {
    const identifier = args.identifier as { emailAddress?: string; phoneNumber?: string; id?: string; customId?: unknown };
    if (identifier.customId) throw notImplemented("customerByIdentifier(identifier: {customId})");
    let customer;
    if (identifier.emailAddress) customer = findCustomerByEmail(ctx.shop, identifier.emailAddress);
    else if (identifier.phoneNumber) customer = findCustomerByPhone(ctx.shop, identifier.phoneNumber);
    else if (identifier.id) customer = ctx.shop.state.customers.get(parseGidOf("Customer", identifier.id) ?? -1);
    return customer ? customerView(ctx, customer) : null;
  },
  customers: (args, ctx) =>
    searchedConnection(ctx, "customers", [...ctx.shop.state.customers.values()], args, customerSearch(), customerSortKey(String(args.sortKey)), (customer) =>
      customerView(ctx, customer),
    ),
  customersCount: (args, ctx) =>
    countOf(filterBySearch([...ctx.shop.state.customers.values()], args.query as string | null, customerSearch()).items.length, args.limit),

  order: (args, ctx) => {
    const id = parseGidOf("Order", String(args.id));
    const order = id === null ? undefined : ctx.shop.state.orders.get(id);
    return order ? orderView(ctx, order) : null;
  },
  orders: (args, ctx) =>
    searchedConnection(
      ctx,
      "orders",
      [...ctx.shop.state.orders.values()],
      { ...args, query: rewriteOrderQuery(args.query as string | null) },
      orderSearch(ctx.shop.state),
      orderSortKey(String(args.sortKey)),
      (order) => orderView(ctx, order),
    ),
  ordersCount: (args, ctx) =>
    countOf(
      filterBySearch([...ctx.shop.state.orders.values()], rewriteOrderQuery(args.query as string | null), orderSearch(ctx.shop.state)).items.length,
      args.limit,
    ),

  product: (args, ctx) => {
    const id = parseGidOf("Product", String(args.id));
    const product = id === null ? undefined : ctx.shop.state.products.get(id);
    return product ? productView(ctx, product) : null;
  },
  products: (args, ctx) =>
    searchedConnection(
      ctx,
      "products",
      [...ctx.shop.state.products.values()],
      args,
      productSearch(ctx.shop.state),
      productSortKey(String(args.sortKey)),
      (product) => productView(ctx, product),
    ),
  productsCount: (args, ctx) =>
    countOf(filterBySearch([...ctx.shop.state.products.values()], args.query as string | null, productSearch(ctx.shop.state)).items.length, args.limit),
  productVariant: (args, ctx) => {
    const id = parseGidOf("ProductVariant", String(args.id));
    const variant = id === null ? undefined : findVariant(ctx.shop, id);
    return variant ? variantView(ctx, variant) : null;
  },
  productVariants: (args, ctx) =>
    searchedConnection(ctx, "productVariants", allVariants(ctx.shop), args, variantSearch(ctx.shop.state), variantSortKey(String(args.sortKey)), (variant) =>
      variantView(ctx, variant),
    ),
  productVariantsCount: (args, ctx) =>
    countOf(filterBySearch(allVariants(ctx.shop), args.query as string | null, variantSearch(ctx.shop.state)).items.length, args.limit),

  collection: (args, ctx) => {
    const id = parseGidOf("Collection", String(args.id));
    const collection = id === null ? undefined : ctx.shop.state.collections.get(id);
    return collection ? collectionView(ctx, collection) : null;
  },
  collections: (args, ctx) =>
    searchedConnection(ctx, "collections", [...ctx.shop.state.collections.values()], args, collectionSearch(), collectionSortKey(String(args.sortKey)), (collection) =>
      collectionView(ctx, collection),
    ),

  location: (args, ctx) => (args.id === undefined || args.id === null ? locationView(ctx) : findNode(ctx, String(args.id))),
  locations: (args, ctx) => buildConnection([ctx.shop.state.locationId], args as SimConnectionArgs, { bulk: ctx.bulk, keyOf: (id) => [id], toNode: () => locationView(ctx) }),

  bulkOperation: (args, ctx) => {
    const id = parseGidOf("BulkOperation", String(args.id));
    const operation = id === null ? undefined : ctx.shop.state.bulkOperations.get(id);
    return operation ? bulkOperationView(ctx, operation) : null;
  },
  bulkOperations: (args, ctx) =>
    searchedConnection(
      ctx,
      "bulkOperations",
      [...ctx.shop.state.bulkOperations.values()],
      args,
      bulkOperationSearch(),
      bulkOperationSortKey(String(args.sortKey)),
      (operation) => bulkOperationView(ctx, operation),
    ),
};

interface GraphqlAddressInput extends SimAddressInput {
  country?: string | null;
  id?: string | null;
}

interface GraphqlCustomerInput {
  id?: string | null;
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  note?: string | null;
  tags?: string[] | null;
  locale?: string | null;
  taxExempt?: boolean | null;
  multipassIdentifier?: string | null;
  addresses?: GraphqlAddressInput[] | null;
  emailMarketingConsent?: SimCustomerInput["emailMarketingConsent"];
  smsMarketingConsent?: SimCustomerInput["smsMarketingConsent"];
}

function toCustomerInput(input: GraphqlCustomerInput): SimCustomerInput {
  const result: SimCustomerInput = {};
  const keys = ["email", "phone", "firstName", "lastName", "note", "tags", "locale", "taxExempt", "multipassIdentifier", "emailMarketingConsent", "smsMarketingConsent"] as const;
  for (const key of keys) if (input[key] !== undefined) Object.assign(result, { [key]: input[key] });
  if (input.addresses !== undefined && input.addresses !== null) {
    result.addresses = input.addresses.map(({ country: _country, id: _id, ...address }) => address);
  }
  return result;
}

function plainUserErrors(errors: SimUserError[]) {
  return errors.map((error) => ({ __typename: "UserError", field: error.field, message: error.message }));
}

function codedUserErrors(errors: SimUserError[], typename: string) {
  return errors.map((error) => ({ __typename: typename, field: error.field, message: error.message, code: error.code ?? "INVALID" }));
}

function customerPayload<T extends { id: number }>(ctx: SimGraphqlContext, result: SimResult<T>, errors: (list: SimUserError[]) => unknown[]) {
  if (!result.ok) return { customer: null, userErrors: errors(result.userErrors) };
  const customer = ctx.shop.state.customers.get(result.value.id);
  return { customer: customer ? customerView(ctx, customer) : null, userErrors: [] };
}

function runCustomerSet(ctx: SimGraphqlContext, args: SimResolverArgs): SimResult<{ id: number }> {
  const identifier = args.identifier as { id?: string; email?: string; phone?: string; customId?: unknown } | null | undefined;
  const raw = args.input as GraphqlCustomerInput;
  const input = toCustomerInput(raw);
  const rules = { fieldPrefix: ["input"] };
  const fail = (code: string, field: string[], message: string): SimResult<{ id: number }> => ({
    ok: false,
    userErrors: [{ code, field, message }],
  });
  if (!identifier) {
    if (raw.id) {
      const id = parseGidOf("Customer", raw.id);
      if (id === null || !ctx.shop.state.customers.has(id)) return fail("NOT_FOUND", ["input", "id"], "Resource matching the identifier was not found.");
      return updateCustomer(ctx.shop, id, input, rules);
    }
    return createCustomer(ctx.shop, input, rules);
  }
  if (raw.id) return fail("ID_NOT_ALLOWED", ["input", "id"], "The id field is not allowed if identifier is provided.");
  if (identifier.customId) throw notImplemented("customerSet(identifier: {customId})");
  if (identifier.id) {
    const id = parseGidOf("Customer", identifier.id);
    if (id === null || !ctx.shop.state.customers.has(id)) return fail("NOT_FOUND", ["identifier", "id"], "Resource matching the identifier was not found.");
    return updateCustomer(ctx.shop, id, input, rules);
  }
  if (identifier.email !== undefined) {
    if (!input.email) return fail("MISSING_FIELD_REQUIRED", ["input", "email"], "The input field corresponding to the identifier is required.");
    if (input.email.trim().toLowerCase() !== identifier.email.trim().toLowerCase()) {
      return fail("INPUT_MISMATCH", ["input", "email"], "The identifier value does not match the value of the corresponding field in the input.");
    }
    const existing = findCustomerByEmail(ctx.shop, identifier.email);
    return existing ? updateCustomer(ctx.shop, existing.id, input, rules) : createCustomer(ctx.shop, input, rules);
  }
  if (identifier.phone !== undefined) {
    if (!input.phone) return fail("MISSING_FIELD_REQUIRED", ["input", "phone"], "The input field corresponding to the identifier is required.");
    const country = ctx.shop.state.info.countryCode;
    if ((normalizePhone(input.phone, country) ?? input.phone) !== (normalizePhone(identifier.phone, country) ?? identifier.phone)) {
      return fail("INPUT_MISMATCH", ["input", "phone"], "The identifier value does not match the value of the corresponding field in the input.");
    }
    const existing = findCustomerByPhone(ctx.shop, identifier.phone);
    return existing ? updateCustomer(ctx.shop, existing.id, input, rules) : createCustomer(ctx.shop, input, rules);
  }
  return createCustomer(ctx.shop, input, rules);
}

function changeTags(ctx: SimGraphqlContext, args: SimResolverArgs, change: "add" | "remove") {
  const gid = String(args.id);
  const parsed = parseGid(gid);
  const tags = args.tags as string[];
  let result: SimResult<unknown>;
  switch (parsed?.type) {
    case "Customer":
      result = changeCustomerTags(ctx.shop, parsed.id, tags, change);
      break;
    case "Order":
      result = changeOrderTags(ctx.shop, parsed.id, tags, change);
      break;
    case "Product":
      result = changeProductTags(ctx.shop, parsed.id, tags, change);
      break;
    case undefined:
      return { node: null, userErrors: [{ __typename: "UserError", field: ["id"], message: "Invalid global id" }] };
    default:
      throw notImplemented(`tags${change === "add" ? "Add" : "Remove"} on ${parsed?.type ?? "this id"}`);
  }
  if (!result.ok) return { node: null, userErrors: plainUserErrors(result.userErrors) };
  return { node: findNode(ctx, gid), userErrors: [] };
}

const SETTABLE_CONSENT_STATES = new Set(["SUBSCRIBED", "UNSUBSCRIBED", "PENDING"]);

/** customerEmailMarketingConsentUpdate / customerSmsMarketingConsentUpdate: only SUBSCRIBED, UNSUBSCRIBED and PENDING can be set. */
function updateConsent(ctx: SimGraphqlContext, customerGid: string, input: SimCustomerInput, errorType: string) {
  const id = parseGidOf("Customer", customerGid);
  const state = input.emailMarketingConsent?.marketingState ?? input.smsMarketingConsent?.marketingState ?? "";
  const field = ["input", input.emailMarketingConsent ? "emailMarketingConsent" : "smsMarketingConsent", "marketingState"];
  let result: SimResult<{ id: number }>;
  if (id === null || !ctx.shop.state.customers.has(id)) {
    result = { ok: false, userErrors: [{ field: ["input", "customerId"], message: "Customer not found", code: "INVALID" }] };
  } else if (!SETTABLE_CONSENT_STATES.has(state)) {
    result = { ok: false, userErrors: [{ field, message: "Marketing state is not included in the list", code: "INCLUSION" }] };
  } else {
    result = updateCustomer(ctx.shop, id, input, { fieldPrefix: ["input"] });
  }
  return customerPayload(ctx, result, (errors) => codedUserErrors(errors, errorType));
}

interface GraphqlMoneyBag {
  shopMoney: { amount: string; currencyCode: string };
}

interface GraphqlOrderCreateInput {
  billingAddress?: GraphqlAddressInput | null;
  shippingAddress?: GraphqlAddressInput | null;
  buyerAcceptsMarketing?: boolean | null;
  currency?: string | null;
  customAttributes?: { key: string; value: string }[] | null;
  customer?: {
    toAssociate?: { id?: string | null; email?: string | null } | null;
    toUpsert?: (GraphqlCustomerInput & { id?: string | null }) | null;
  } | null;
  discountCode?: {
    itemFixedDiscountCode?: { code: string; amountSet?: GraphqlMoneyBag | null } | null;
    itemPercentageDiscountCode?: { code: string; percentage?: number | null } | null;
    freeShippingDiscountCode?: unknown;
  } | null;
  email?: string | null;
  phone?: string | null;
  financialStatus?: SimFinancialStatus | null;
  lineItems?: {
    variantId?: string | null;
    title?: string | null;
    priceSet?: GraphqlMoneyBag | null;
    quantity: number;
    sku?: string | null;
    vendor?: string | null;
    requiresShipping?: boolean | null;
    taxable?: boolean | null;
    properties?: { name: string; value: string }[] | null;
  }[] | null;
  name?: string | null;
  note?: string | null;
  poNumber?: string | null;
  processedAt?: string | null;
  shippingLines?: { title: string; priceSet: GraphqlMoneyBag; code?: string | null; source?: string | null }[] | null;
  sourceIdentifier?: string | null;
  sourceName?: string | null;
  tags?: string[] | null;
  test?: boolean | null;
  transactions?: { amountSet: GraphqlMoneyBag; kind?: string | null; status?: string | null; gateway?: string | null }[] | null;
  metafields?: unknown[] | null;
  taxLines?: unknown[] | null;
  fulfillment?: unknown;
  fulfillmentStatus?: unknown;
  companyLocationId?: unknown;
}

function withoutDeprecatedAddressFields(address: GraphqlAddressInput | null | undefined): SimAddressInput | null {
  if (!address) return null;
  const { country: _country, id: _id, ...rest } = address;
  return rest;
}

/** orderCreate: resolves line items and the customer first, so a refused order leaves nothing behind. */
function runOrderCreate(ctx: SimGraphqlContext, args: SimResolverArgs): SimResult<SimOrder> {
  const input = args.order as GraphqlOrderCreateInput;
  const options = (args.options ?? {}) as { inventoryBehaviour?: SimOrderInput["inventoryBehaviour"] };
  if (input.metafields?.length || input.taxLines?.length || input.fulfillment || input.fulfillmentStatus || input.companyLocationId) {
    throw notImplemented("orderCreate with metafields, tax lines, a fulfillment or a company location");
  }
  if (input.discountCode?.freeShippingDiscountCode) throw notImplemented("orderCreate with a free-shipping discount code");
  const invalid = (field: string[], message: string): SimResult<SimOrder> => ({ ok: false, userErrors: [{ code: "INVALID", field: ["order", ...field], message }] });

  const lineItems: SimLineItemInput[] = [];
  for (const [index, line] of (input.lineItems ?? []).entries()) {
    if (line.variantId) {
      const variantId = parseGidOf("ProductVariant", line.variantId);
      if (variantId === null || !findVariant(ctx.shop, variantId)) return invalid(["lineItems", String(index), "variantId"], "Variant does not exist");
      lineItems.push({ variantId, quantity: line.quantity, price: line.priceSet?.shopMoney.amount, properties: line.properties ?? undefined });
    } else {
      if (!line.title || !line.priceSet) return invalid(["lineItems", String(index)], "A line item without a variant needs a title and a priceSet");
      lineItems.push({
        title: line.title,
        price: line.priceSet.shopMoney.amount,
        quantity: line.quantity,
        sku: line.sku,
        vendor: line.vendor,
        requiresShipping: line.requiresShipping ?? false,
        taxable: line.taxable ?? true,
        properties: line.properties ?? undefined,
      });
    }
  }

  let customerId: number | null = null;
  const associate = input.customer?.toAssociate;
  const upsert = input.customer?.toUpsert;
  if (associate) {
    const found = associate.id
      ? ctx.shop.state.customers.get(parseGidOf("Customer", associate.id) ?? -1)
      : associate.email
        ? findCustomerByEmail(ctx.shop, associate.email)
        : undefined;
    if (!found) return invalid(["customer", "toAssociate"], "Customer not found");
    customerId = found.id;
  } else if (upsert) {
    const { id: gid, ...fields } = upsert;
    const customerInput = toCustomerInput(fields);
    const existing = gid
      ? ctx.shop.state.customers.get(parseGidOf("Customer", gid) ?? -1)
      : upsert.email
        ? findCustomerByEmail(ctx.shop, upsert.email)
        : upsert.phone
          ? findCustomerByPhone(ctx.shop, upsert.phone)
          : undefined;
    if (gid && !existing) return invalid(["customer", "toUpsert", "id"], "Customer not found");
    const rules = { fieldPrefix: ["order", "customer", "toUpsert"] };
    const result = existing ? updateCustomer(ctx.shop, existing.id, customerInput, rules) : createCustomer(ctx.shop, customerInput, rules);
    if (!result.ok) return { ok: false, userErrors: result.userErrors.map((error) => ({ ...error, code: "INVALID" })) };
    customerId = result.value.id;
  }

  const fixed = input.discountCode?.itemFixedDiscountCode;
  const percentage = input.discountCode?.itemPercentageDiscountCode;
  const result = createOrder(ctx.shop, {
    customerId,
    email: input.email ?? undefined,
    phone: input.phone ?? undefined,
    note: input.note ?? undefined,
    tags: input.tags ?? undefined,
    customAttributes: input.customAttributes ?? undefined,
    currency: input.currency ?? undefined,
    lineItems,
    shippingLines: (input.shippingLines ?? []).map((line) => ({
      title: line.title,
      price: line.priceSet.shopMoney.amount,
      code: line.code,
      source: line.source ?? undefined,
    })),
    shippingAddress: withoutDeprecatedAddressFields(input.shippingAddress),
    billingAddress: withoutDeprecatedAddressFields(input.billingAddress),
    financialStatus: input.financialStatus ?? undefined,
    transactions: (input.transactions ?? []).map((transaction) => ({
      amount: transaction.amountSet.shopMoney.amount,
      kind: (transaction.kind ?? "SALE") as SimTransaction["kind"],
      status: (transaction.status ?? "SUCCESS") as SimTransaction["status"],
      gateway: transaction.gateway ?? undefined,
    })),
    inventoryBehaviour: options.inventoryBehaviour ?? "BYPASS",
    discountCode: fixed
      ? { code: fixed.code, amount: fixed.amountSet?.shopMoney.amount ?? "0" }
      : percentage
        ? { code: percentage.code, percentage: percentage.percentage ?? 0 }
        : undefined,
    name: input.name ?? undefined,
    poNumber: input.poNumber,
    processedAt: input.processedAt ?? undefined,
    sourceName: input.sourceName ?? "api",
    sourceIdentifier: input.sourceIdentifier,
    test: input.test ?? false,
    buyerAcceptsMarketing: input.buyerAcceptsMarketing ?? false,
  });
  return result.ok ? result : { ok: false, userErrors: result.userErrors.map((error) => ({ ...error, code: error.code ?? "INVALID" })) };
}

function orderPayload(ctx: SimGraphqlContext, result: SimResult<{ id: number }>) {
  if (!result.ok) return { order: null, userErrors: plainUserErrors(result.userErrors) };
  const order = ctx.shop.state.orders.get(result.value.id);
  return { order: order ? orderView(ctx, order) : null, userErrors: [] };
}

export const mutationResolvers: Record<string, SimRootResolver> = {
  customerCreate: (args, ctx) => {
    const input = args.input as GraphqlCustomerInput;
    if (input.id) return { customer: null, userErrors: plainUserErrors([{ field: ["id"], message: "Id must be blank to create a customer" }]) };
    return customerPayload(ctx, createCustomer(ctx.shop, toCustomerInput(input)), plainUserErrors);
  },
  customerUpdate: (args, ctx) => {
    const input = args.input as GraphqlCustomerInput;
    const id = input.id ? parseGidOf("Customer", input.id) : null;
    if (id === null) return { customer: null, userErrors: plainUserErrors([{ field: ["id"], message: "Customer does not exist" }]) };
    const consentErrors: SimUserError[] = [];
    if (input.emailMarketingConsent) {
      consentErrors.push({
        field: ["emailMarketingConsent"],
        message: "To update emailMarketingConsent, please use the customerEmailMarketingConsentUpdate Mutation instead.",
      });
    }
    if (input.smsMarketingConsent) {
      consentErrors.push({
        field: ["smsMarketingConsent"],
        message: "To update smsMarketingConsent, please use the customerSmsMarketingConsentUpdate Mutation instead.",
      });
    }
    if (consentErrors.length > 0) return { customer: null, userErrors: plainUserErrors(consentErrors) };
    return customerPayload(ctx, updateCustomer(ctx.shop, id, toCustomerInput(input)), plainUserErrors);
  },
  customerDelete: (args, ctx) => {
    const gid = String((args.input as { id: string }).id);
    const id = parseGidOf("Customer", gid);
    const result: SimResult<number> = id === null ? { ok: false, userErrors: [{ field: ["id"], message: "Customer does not exist" }] } : deleteCustomer(ctx.shop, id);
    return {
      deletedCustomerId: result.ok ? gid : null,
      shop: () => shopView(ctx),
      userErrors: result.ok ? [] : plainUserErrors(result.userErrors),
    };
  },
  customerEmailMarketingConsentUpdate: (args, ctx) => {
    const input = args.input as { customerId: string; emailMarketingConsent: NonNullable<SimCustomerInput["emailMarketingConsent"]> };
    return updateConsent(ctx, input.customerId, { emailMarketingConsent: input.emailMarketingConsent }, "CustomerEmailMarketingConsentUpdateUserError");
  },
  customerSmsMarketingConsentUpdate: (args, ctx) => {
    const input = args.input as { customerId: string; smsMarketingConsent: NonNullable<SimCustomerInput["smsMarketingConsent"]> };
    return updateConsent(ctx, input.customerId, { smsMarketingConsent: input.smsMarketingConsent }, "CustomerSmsMarketingConsentError");
  },
  customerSet: (args, ctx) => customerPayload(ctx, runCustomerSet(ctx, args), (errors) => codedUserErrors(errors, "CustomerSetUserError")),
  tagsAdd: (args, ctx) => changeTags(ctx, args, "add"),
  tagsRemove: (args, ctx) => changeTags(ctx, args, "remove"),
  orderUpdate: (args, ctx) => {
    const input = args.input as {
      id: string;
      email?: string | null;
      phone?: string | null;
      note?: string | null;
      tags?: string[] | null;
      poNumber?: string | null;
      customAttributes?: { key: string; value: string }[] | null;
      shippingAddress?: GraphqlAddressInput | null;
      metafields?: unknown;
      localizedFields?: unknown;
    };
    if (input.metafields || input.localizedFields) throw notImplemented("orderUpdate with metafields or localizedFields");
    const id = parseGidOf("Order", input.id);
    if (id === null) return { order: null, userErrors: plainUserErrors([{ field: ["id"], message: "Order does not exist" }]) };
    const { country: _country, id: _addressId, ...shippingAddress } = input.shippingAddress ?? {};
    return orderPayload(
      ctx,
      updateOrder(ctx.shop, id, {
        email: input.email,
        phone: input.phone,
        note: input.note,
        tags: input.tags,
        poNumber: input.poNumber,
        customAttributes: input.customAttributes,
        shippingAddress: input.shippingAddress === undefined ? undefined : input.shippingAddress === null ? null : shippingAddress,
      }),
    );
  },
  orderCreate: (args, ctx) => {
    const result = runOrderCreate(ctx, args);
    if (!result.ok) return { order: null, userErrors: codedUserErrors(result.userErrors, "OrderCreateUserError") };
    return { order: orderView(ctx, result.value), userErrors: [] };
  },
  orderMarkAsPaid: (args, ctx) => {
    const id = parseGidOf("Order", String((args.input as { id: string }).id));
    if (id === null) return { order: null, userErrors: plainUserErrors([{ field: ["id"], message: "Order does not exist" }]) };
    return orderPayload(ctx, markOrderPaid(ctx.shop, id));
  },
  orderCancel: (args, ctx) => {
    const id = parseGidOf("Order", String(args.orderId));
    const refundMethod = args.refundMethod as { originalPaymentMethodsRefund?: boolean; storeCreditRefund?: unknown } | null | undefined;
    if (refundMethod?.storeCreditRefund) throw notImplemented("orderCancel with a store credit refund");
    const result: SimResult<SimOrder> =
      id === null
        ? { ok: false, userErrors: [{ field: ["orderId"], message: "Order does not exist", code: "NOT_FOUND" }] }
        : cancelOrder(ctx.shop, id, {
            reason: args.reason as SimCancelReason,
            restock: args.restock === true,
            refund: args.refund === true || refundMethod?.originalPaymentMethodsRefund === true,
          });
    if (!result.ok) {
      return {
        job: null,
        jobResult: null,
        orderCancelUserErrors: codedUserErrors(result.userErrors, "OrderCancelUserError"),
        userErrors: plainUserErrors(result.userErrors),
      };
    }
    const jobId = `gid://shopify/Job/${randomUUID()}`;
    return {
      job: { __typename: "Job", id: jobId, done: true, query: null },
      jobResult: { __typename: "OrderCancelJobResult", id: jobId, done: true, status: "SUCCEEDED", errors: [], order: () => orderView(ctx, result.value) },
      orderCancelUserErrors: [],
      userErrors: [],
    };
  },
  bulkOperationRunQuery: (args, ctx) => {
    const started = ctx.bulkRunner.start(ctx.shop, String(args.query), args.groupObjects === true);
    if (!started.ok) return { bulkOperation: null, userErrors: codedUserErrors(started.userErrors, "BulkOperationUserError") };
    return { bulkOperation: bulkOperationView(ctx, started.operation), userErrors: [] };
  },
};
