/**
 * GraphQL-shaped views over the store's records. A property holds a value, or a function called with the
 * field's arguments; a field that a view lacks is answered with a "not implemented in the simulator" error.
 */
import { toGid } from "../store/gid";
import { formatDecimalMoney } from "../store/money";
import { countryNameOf } from "../store/normalize";
import { canMarkOrderAsPaid } from "../store/orders";
import { computeOrderTotals, displayFulfillmentStatusOf, lineItemName } from "../store/order-totals";
import type { SimShopState } from "../store/shop-state";
import { formatGraphqlTime, formatOffset, timezoneOffsetMinutes } from "../store/time";
import type {
  SimAddress,
  SimBulkOperation,
  SimCollection,
  SimCustomer,
  SimCustomerAddress,
  SimImage,
  SimLineItem,
  SimOrder,
  SimProduct,
  SimShippingLine,
  SimVariant,
} from "../store/types";
import { buildConnection, type SimConnectionArgs } from "./connection";
import type { SimGraphqlContext, SimResolverArgs } from "./context";
import { filterBySearch } from "./search-query";
import { orderSearch, orderSortKey, rewriteOrderQuery } from "./search-fields";

export type SimView = Record<string, unknown> & { __typename: string };

const time = (ms: number | null) => (ms === null ? null : formatGraphqlTime(ms));

export function moneyV2(cents: number, currencyCode: string): SimView {
  return { __typename: "MoneyV2", amount: formatDecimalMoney(cents), currencyCode };
}

export function moneyBag(cents: number, currencyCode: string): SimView {
  return { __typename: "MoneyBag", shopMoney: moneyV2(cents, currencyCode), presentmentMoney: moneyV2(cents, currencyCode) };
}

function countView(count: number): SimView {
  return { __typename: "Count", count, precision: "EXACT" };
}

function emptyConnection(ctx: SimGraphqlContext, args: SimResolverArgs) {
  return buildConnection([], args as SimConnectionArgs, { bulk: ctx.bulk, keyOf: () => [0], toNode: (item) => item });
}

function firstN<T>(items: T[], args: SimResolverArgs): T[] {
  return typeof args.first === "number" ? items.slice(0, args.first) : items;
}

const noMetafields = {
  metafield: () => null,
  metafields: (args: SimResolverArgs, ctx: SimGraphqlContext) => emptyConnection(ctx, args),
};

function fullName(first: string | null, last: string | null): string | null {
  return [first, last].filter(Boolean).join(" ") || null;
}

export function addressView(address: SimAddress, gid: string): SimView {
  const country = countryNameOf(address.countryCode);
  const name = fullName(address.firstName, address.lastName);
  const area = [address.city, address.provinceCode, address.zip].filter(Boolean).join(" ");
  return {
    __typename: "MailingAddress",
    id: gid,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    company: address.company,
    coordinatesValidated: false,
    country,
    countryCode: address.countryCode,
    countryCodeV2: address.countryCode,
    firstName: address.firstName,
    lastName: address.lastName,
    name,
    phone: address.phone,
    province: address.province,
    provinceCode: address.provinceCode,
    zip: address.zip,
    latitude: null,
    longitude: null,
    timeZone: null,
    validationResultSummary: null,
    formattedArea: [address.city, address.province, country].filter(Boolean).join(", ") || null,
    formatted: (args: SimResolverArgs) =>
      [
        args.withName ? name : null,
        args.withCompany === false ? null : address.company,
        address.address1,
        address.address2,
        area || null,
        country,
      ].filter((line): line is string => Boolean(line)),
  };
}

function customerAddressView(address: SimCustomerAddress): SimView {
  return addressView(address, `${toGid("MailingAddress", address.id)}?model_name=CustomerAddress`);
}

function orderAddressView(order: SimOrder, address: SimAddress | null, kind: "billing" | "shipping"): SimView | null {
  return address ? addressView(address, `${toGid("MailingAddress", order.id * 10 + (kind === "billing" ? 1 : 2))}?model_name=Address`) : null;
}

function ordersOfCustomer(state: SimShopState, customerId: number): SimOrder[] {
  return [...state.orders.values()].filter((order) => order.customerId === customerId);
}

export function customerView(ctx: SimGraphqlContext, customer: SimCustomer): SimView {
  const state = ctx.shop.state;
  const currency = state.info.currencyCode;
  const name = fullName(customer.firstName, customer.lastName);
  const email = customer.emailConsent;
  const sms = customer.smsConsent;
  const defaultAddress = customer.addresses.find((address) => address.id === customer.defaultAddressId);
  const emailAddressState = email?.state === "REDACTED" ? "INVALID" : (email?.state ?? "NOT_SUBSCRIBED");
  return {
    __typename: "Customer",
    id: toGid("Customer", customer.id),
    legacyResourceId: String(customer.id),
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName: name ?? customer.email ?? customer.phone ?? "",
    email: customer.email,
    phone: customer.phone,
    note: customer.note,
    tags: customer.tags,
    state: customer.state,
    locale: customer.locale,
    taxExempt: customer.taxExempt,
    taxExemptions: [],
    verifiedEmail: customer.verifiedEmail,
    validEmailAddress: customer.email !== null,
    multipassIdentifier: customer.multipassIdentifier,
    dataSaleOptOut: false,
    createdAt: time(customer.createdAt),
    updatedAt: time(customer.updatedAt),
    canDelete: () => ordersOfCustomer(state, customer.id).length === 0,
    numberOfOrders: () => String(ordersOfCustomer(state, customer.id).length),
    amountSpent: () =>
      moneyV2(
        ordersOfCustomer(state, customer.id).reduce((sum, order) => sum + computeOrderTotals(order).receivedCents, 0),
        currency,
      ),
    lastOrder: () => {
      const orders = ordersOfCustomer(state, customer.id).sort((a, b) => b.createdAt - a.createdAt);
      return orders[0] ? orderView(ctx, orders[0]) : null;
    },
    orders: (args: SimResolverArgs) => {
      const { items } = filterBySearch(ordersOfCustomer(state, customer.id), rewriteOrderQuery(args.query as string | null), orderSearch(state));
      const keyOf = orderSortKey(String(args.sortKey ?? "ID"));
      items.sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
      return buildConnection(items, args as SimConnectionArgs, { bulk: ctx.bulk, keyOf, toNode: (order) => orderView(ctx, order) });
    },
    defaultEmailAddress: customer.email
      ? {
          __typename: "CustomerEmailAddress",
          emailAddress: customer.email,
          marketingState: emailAddressState,
          marketingOptInLevel: email?.optInLevel ?? null,
          marketingUpdatedAt: time(email?.updatedAt ?? null),
          validFormat: true,
          marketingUnsubscribeUrl: `https://${state.domain}/unsubscribe/${customer.id}`,
          openTrackingLevel: "UNKNOWN",
          openTrackingUrl: `https://${state.domain}/tracking/${customer.id}`,
          sourceLocation: null,
        }
      : null,
    defaultPhoneNumber: customer.phone
      ? {
          __typename: "CustomerPhoneNumber",
          phoneNumber: customer.phone,
          marketingState: sms?.state ?? "NOT_SUBSCRIBED",
          marketingOptInLevel: sms?.optInLevel ?? null,
          marketingUpdatedAt: time(sms?.updatedAt ?? null),
          marketingCollectedFrom: "SHOPIFY",
          sourceLocation: null,
          smsMarketingConsent: {
            __typename: "CustomerSmsMarketingConsent",
            state: sms?.state ?? "NOT_SUBSCRIBED",
            optInLevel: sms?.optInLevel ?? null,
            updatedAt: time(sms?.updatedAt ?? null),
            collectedFrom: "SHOPIFY",
            sourceLocation: null,
          },
        }
      : null,
    emailMarketingConsent: email
      ? {
          __typename: "CustomerEmailMarketingConsentState",
          marketingState: email.state,
          marketingOptInLevel: email.optInLevel,
          consentUpdatedAt: time(email.updatedAt),
          sourceLocation: null,
        }
      : null,
    smsMarketingConsent: sms
      ? {
          __typename: "CustomerSmsMarketingConsentState",
          marketingState: sms.state,
          marketingOptInLevel: sms.optInLevel,
          consentUpdatedAt: time(sms.updatedAt),
          consentCollectedFrom: "SHOPIFY",
          sourceLocation: null,
        }
      : null,
    defaultAddress: defaultAddress ? customerAddressView(defaultAddress) : null,
    addresses: (args: SimResolverArgs) => firstN(customer.addresses, args).map(customerAddressView),
    addressesV2: (args: SimResolverArgs) =>
      buildConnection(customer.addresses, args as SimConnectionArgs, {
        bulk: ctx.bulk,
        keyOf: (address) => [address.id],
        toNode: customerAddressView,
      }),
    ...noMetafields,
  };
}

function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const left = a[index];
    const right = b[index];
    if (left === right) continue;
    if (typeof left === "number" && typeof right === "number") return left - right;
    return String(left).localeCompare(String(right));
  }
  return 0;
}

function lineItemView(ctx: SimGraphqlContext, order: SimOrder, item: SimLineItem): SimView {
  const currency = order.currency;
  const state = ctx.shop.state;
  const product = item.productId === null ? undefined : state.products.get(item.productId);
  const variant = product?.variants.find((candidate) => candidate.id === item.variantId);
  const unitDiscount = item.quantity === 0 ? 0 : Math.round(item.discountCents / item.quantity);
  const unfulfilled = Math.max(0, item.currentQuantity - item.fulfilledQuantity);
  return {
    __typename: "LineItem",
    id: toGid("LineItem", item.id),
    name: lineItemName(item),
    title: item.title,
    variantTitle: item.variantTitle,
    sku: item.sku,
    vendor: item.vendor,
    quantity: item.quantity,
    currentQuantity: item.currentQuantity,
    unfulfilledQuantity: unfulfilled,
    fulfillableQuantity: order.cancelledAt === null ? unfulfilled : 0,
    nonFulfillableQuantity: item.quantity - item.currentQuantity,
    refundableQuantity: item.currentQuantity,
    requiresShipping: item.requiresShipping,
    taxable: item.taxable,
    isGiftCard: item.giftCard,
    merchantEditable: order.cancelledAt === null,
    restockable: item.variantId !== null,
    customAttributes: item.properties.map((property) => ({ __typename: "Attribute", key: property.name, value: property.value })),
    originalUnitPriceSet: moneyBag(item.priceCents, currency),
    discountedUnitPriceSet: moneyBag(item.priceCents - unitDiscount, currency),
    discountedUnitPriceAfterAllDiscountsSet: moneyBag(item.priceCents - unitDiscount, currency),
    originalTotalSet: moneyBag(item.priceCents * item.quantity, currency),
    discountedTotalSet: moneyBag(item.priceCents * item.quantity - item.discountCents, currency),
    totalDiscountSet: moneyBag(item.discountCents, currency),
    unfulfilledOriginalTotalSet: moneyBag(item.priceCents * unfulfilled, currency),
    unfulfilledDiscountedTotalSet: moneyBag((item.priceCents - unitDiscount) * unfulfilled, currency),
    discountAllocations:
      item.discountCents > 0
        ? [{ __typename: "DiscountAllocation", allocatedAmountSet: moneyBag(item.discountCents, currency), discountApplication: null }]
        : [],
    taxLines: [],
    duties: [],
    weight: { __typename: "Weight", unit: "GRAMS", value: item.grams },
    variant: variant ? variantView(ctx, variant) : null,
    product: product ? productView(ctx, product) : null,
    image: null,
    lineItemGroup: null,
    sellingPlan: null,
    staffMember: null,
    contract: null,
  };
}

function shippingLineView(order: SimOrder, line: SimShippingLine): SimView {
  return {
    __typename: "ShippingLine",
    id: toGid("ShippingLine", line.id),
    title: line.title,
    code: line.code,
    source: line.source,
    carrierIdentifier: null,
    custom: line.source !== "shopify",
    isRemoved: false,
    phone: null,
    deliveryCategory: null,
    shippingRateHandle: null,
    originalPriceSet: moneyBag(line.priceCents, order.currency),
    discountedPriceSet: moneyBag(line.priceCents, order.currency),
    currentDiscountedPriceSet: moneyBag(line.priceCents, order.currency),
    taxLines: [],
    discountAllocations: [],
  };
}

export function orderView(ctx: SimGraphqlContext, order: SimOrder): SimView {
  const state = ctx.shop.state;
  const currency = order.currency;
  const totals = computeOrderTotals(order);
  const customer = order.customerId === null ? undefined : state.customers.get(order.customerId);
  const lineItemConnection = (items: SimLineItem[]) => (args: SimResolverArgs) =>
    buildConnection(items, args as SimConnectionArgs, {
      bulk: ctx.bulk,
      keyOf: (item) => [item.id],
      toNode: (item) => lineItemView(ctx, order, item),
    });
  return {
    __typename: "Order",
    id: toGid("Order", order.id),
    legacyResourceId: String(order.id),
    name: order.name,
    number: order.number,
    email: order.email,
    phone: order.phone,
    note: order.note,
    tags: order.tags,
    createdAt: time(order.createdAt),
    updatedAt: time(order.updatedAt),
    processedAt: time(order.processedAt),
    cancelledAt: time(order.cancelledAt),
    cancelReason: order.cancelReason,
    closed: order.closedAt !== null,
    closedAt: time(order.closedAt),
    confirmed: true,
    test: order.test,
    edited: order.edits.length > 0,
    currencyCode: currency,
    presentmentCurrencyCode: currency,
    displayFinancialStatus: order.financialStatus,
    displayFulfillmentStatus: displayFulfillmentStatusOf(order),
    sourceName: order.sourceName,
    sourceIdentifier: order.sourceIdentifier,
    poNumber: order.poNumber,
    customerLocale: order.customerLocale,
    customerAcceptsMarketing: order.buyerAcceptsMarketing,
    paymentGatewayNames: order.paymentGatewayNames,
    discountCodes: order.discountCodes.map((discount) => discount.code),
    discountCode: order.discountCodes[0]?.code ?? null,
    taxesIncluded: false,
    taxExempt: false,
    dutiesIncluded: false,
    estimatedTaxes: false,
    taxLines: [],
    currentTaxLines: [],
    // The simulator keeps no refunds: every order has none.
    refunds: [],
    requiresShipping: order.lineItems.some((item) => item.requiresShipping),
    canMarkAsPaid: canMarkOrderAsPaid(order),
    fullyPaid: totals.outstandingCents === 0,
    unpaid: totals.receivedCents === 0,
    capturable: order.financialStatus === "AUTHORIZED",
    refundable: totals.receivedCents > 0,
    restockable: order.lineItems.some((item) => item.variantId !== null),
    merchantEditable: order.cancelledAt === null,
    merchantEditableErrors: order.cancelledAt === null ? [] : ["The order is cancelled and can no longer be edited"],
    fulfillable: order.cancelledAt === null && displayFulfillmentStatusOf(order) !== "FULFILLED",
    subtotalLineItemsQuantity: order.lineItems.reduce((sum, item) => sum + item.quantity, 0),
    currentSubtotalLineItemsQuantity: order.lineItems.reduce((sum, item) => sum + item.currentQuantity, 0),
    totalWeight: String(totals.weightGrams),
    currentTotalWeight: String(totals.weightGrams),
    customAttributes: order.customAttributes.map((attribute) => ({ __typename: "Attribute", ...attribute })),
    customer: customer ? customerView(ctx, customer) : null,
    billingAddress: orderAddressView(order, order.billingAddress, "billing"),
    shippingAddress: orderAddressView(order, order.shippingAddress, "shipping"),
    displayAddress: orderAddressView(order, order.billingAddress ?? order.shippingAddress, "billing"),
    billingAddressMatchesShippingAddress: JSON.stringify(order.billingAddress) === JSON.stringify(order.shippingAddress),
    lineItems: lineItemConnection(order.lineItems),
    nonFulfillableLineItems: lineItemConnection(order.lineItems.filter((item) => item.currentQuantity < item.quantity)),
    shippingLines: (args: SimResolverArgs) =>
      buildConnection(order.shippingLines, args as SimConnectionArgs, {
        bulk: ctx.bulk,
        keyOf: (line) => [line.id],
        toNode: (line) => shippingLineView(order, line),
      }),
    shippingLine: order.shippingLines[0] ? shippingLineView(order, order.shippingLines[0]) : null,
    transactions: (args: SimResolverArgs) =>
      firstN(order.transactions, args).map((transaction) => ({
        __typename: "OrderTransaction",
        id: toGid("OrderTransaction", transaction.id),
        kind: transaction.kind,
        status: transaction.status,
        gateway: transaction.gateway,
        formattedGateway: transaction.gateway === "manual" ? "Manual" : transaction.gateway,
        manualPaymentGateway: transaction.gateway === "manual",
        amountSet: moneyBag(transaction.amountCents, currency),
        createdAt: time(transaction.createdAt),
        processedAt: time(transaction.createdAt),
        test: order.test,
        errorCode: null,
        parentTransaction: null,
        paymentId: `sim-${transaction.id}`,
      })),
    fulfillments: (args: SimResolverArgs) =>
      firstN(order.fulfillments, args).map((fulfillment, index) => ({
        __typename: "Fulfillment",
        id: toGid("Fulfillment", fulfillment.id),
        legacyResourceId: String(fulfillment.id),
        name: `${order.name}.${index + 1}`,
        status: "SUCCESS",
        displayStatus: "FULFILLED",
        createdAt: time(fulfillment.createdAt),
        updatedAt: time(fulfillment.createdAt),
        deliveredAt: null,
        estimatedDeliveryAt: null,
        inTransitAt: null,
        requiresShipping: true,
        totalQuantity: fulfillment.lineItems.reduce((sum, entry) => sum + entry.quantity, 0),
        trackingInfo: () =>
          fulfillment.trackingNumber || fulfillment.trackingCompany
            ? [{ __typename: "FulfillmentTrackingInfo", company: fulfillment.trackingCompany, number: fulfillment.trackingNumber, url: null }]
            : [],
        order: () => orderView(ctx, order),
      })),
    subtotalPriceSet: moneyBag(totals.subtotalCents, currency),
    totalPriceSet: moneyBag(totals.totalCents, currency),
    originalTotalPriceSet: moneyBag(totals.totalCents, currency),
    totalDiscountsSet: moneyBag(totals.discountCents, currency),
    totalShippingPriceSet: moneyBag(totals.shippingCents, currency),
    totalTaxSet: moneyBag(0, currency),
    totalOutstandingSet: moneyBag(totals.outstandingCents, currency),
    totalReceivedSet: moneyBag(totals.receivedCents, currency),
    netPaymentSet: moneyBag(totals.receivedCents, currency),
    totalRefundedSet: moneyBag(0, currency),
    totalRefundedShippingSet: moneyBag(0, currency),
    totalCapturableSet: moneyBag(order.financialStatus === "AUTHORIZED" ? totals.totalCents : 0, currency),
    totalTipReceivedSet: moneyBag(0, currency),
    cartDiscountAmountSet: moneyBag(order.orderDiscountCents, currency),
    currentCartDiscountAmountSet: moneyBag(order.orderDiscountCents, currency),
    currentSubtotalPriceSet: moneyBag(totals.currentSubtotalCents, currency),
    currentTotalPriceSet: moneyBag(totals.currentTotalCents, currency),
    currentTotalDiscountsSet: moneyBag(totals.currentDiscountCents, currency),
    currentTotalTaxSet: moneyBag(0, currency),
    currentShippingPriceSet: moneyBag(totals.shippingCents, currency),
    currentTotalDutiesSet: null,
    currentTotalAdditionalFeesSet: null,
    originalTotalDutiesSet: null,
    originalTotalAdditionalFeesSet: null,
    ...noMetafields,
  };
}

function imageView(image: SimImage): SimView {
  return {
    __typename: "Image",
    id: toGid("ProductImage", image.id),
    altText: image.altText,
    width: image.width,
    height: image.height,
    thumbhash: null,
    url: () => image.url,
    ...noMetafields,
  };
}

function mediaImageView(image: SimImage): SimView {
  return {
    __typename: "MediaImage",
    id: toGid("MediaImage", image.id),
    alt: image.altText,
    mediaContentType: "IMAGE",
    status: "READY",
    fileStatus: "READY",
    mediaErrors: [],
    mediaWarnings: [],
    fileErrors: [],
    mimeType: "image/jpeg",
    image: imageView(image),
    preview: { __typename: "MediaPreviewImage", image: imageView(image), status: "READY" },
  };
}

function productOptionsOf(product: SimProduct): SimProduct["options"] {
  return product.options.length > 0 ? product.options : [{ id: product.id, name: "Title", position: 1, values: ["Default Title"] }];
}

export function productView(ctx: SimGraphqlContext, product: SimProduct): SimView {
  const state = ctx.shop.state;
  const currency = state.info.currencyCode;
  const prices = product.variants.map((variant) => variant.priceCents);
  const collections = () => [...state.collections.values()].filter((collection) => collection.productIds.includes(product.id));
  return {
    __typename: "Product",
    id: toGid("Product", product.id),
    legacyResourceId: String(product.id),
    title: product.title,
    handle: product.handle,
    descriptionHtml: product.descriptionHtml,
    description: () => product.descriptionHtml.replace(/<[^>]*>/g, "").trim(),
    vendor: product.vendor,
    productType: product.productType,
    status: product.status,
    tags: product.tags,
    createdAt: time(product.createdAt),
    updatedAt: time(product.updatedAt),
    publishedAt: time(product.publishedAt),
    templateSuffix: product.templateSuffix,
    isGiftCard: false,
    requiresSellingPlan: false,
    hasOnlyDefaultVariant: product.options.length === 0,
    hasOutOfStockVariants: product.variants.some((variant) => variant.tracked && variant.inventoryQuantity <= 0),
    hasVariantsThatRequiresComponents: false,
    tracksInventory: product.variants.some((variant) => variant.tracked),
    totalInventory: product.variants.reduce((sum, variant) => sum + variant.inventoryQuantity, 0),
    onlineStoreUrl: product.status === "ACTIVE" ? `https://${state.info.primaryDomainHost}/products/${product.handle}` : null,
    onlineStorePreviewUrl: `https://${state.info.primaryDomainHost}/products/${product.handle}?preview=1`,
    seo: { __typename: "SEO", title: null, description: null },
    category: null,
    options: (args: SimResolverArgs) =>
      firstN(productOptionsOf(product), args).map((option) => ({
        __typename: "ProductOption",
        id: toGid("ProductOption", option.id),
        name: option.name,
        position: option.position,
        values: option.values,
        optionValues: option.values.map((value, index) => ({
          __typename: "ProductOptionValue",
          id: `gid://shopify/ProductOptionValue/${option.id * 100 + index}`,
          name: value,
          hasVariants: true,
        })),
      })),
    variants: (args: SimResolverArgs) =>
      buildConnection(product.variants, args as SimConnectionArgs, {
        bulk: ctx.bulk,
        keyOf: (variant) => [variant.position],
        toNode: (variant) => variantView(ctx, variant),
      }),
    variantsCount: countView(product.variants.length),
    media: (args: SimResolverArgs) =>
      buildConnection(product.images, args as SimConnectionArgs, {
        bulk: ctx.bulk,
        keyOf: (image) => [product.images.indexOf(image)],
        toNode: mediaImageView,
      }),
    mediaCount: countView(product.images.length),
    featuredMedia: product.images[0] ? mediaImageView(product.images[0]) : null,
    collections: (args: SimResolverArgs) =>
      buildConnection(collections(), args as SimConnectionArgs, {
        bulk: ctx.bulk,
        keyOf: (collection) => [collection.id],
        toNode: (collection) => collectionView(ctx, collection),
      }),
    inCollection: (args: SimResolverArgs) => collections().some((collection) => toGid("Collection", collection.id) === args.id),
    priceRangeV2: {
      __typename: "ProductPriceRangeV2",
      minVariantPrice: moneyV2(prices.length > 0 ? Math.min(...prices) : 0, currency),
      maxVariantPrice: moneyV2(prices.length > 0 ? Math.max(...prices) : 0, currency),
    },
    ...noMetafields,
  };
}

export function variantView(ctx: SimGraphqlContext, variant: SimVariant): SimView {
  const state = ctx.shop.state;
  const product = state.products.get(variant.productId);
  const options = product ? productOptionsOf(product) : [];
  const image = product?.images.find((candidate) => candidate.id === variant.imageId);
  return {
    __typename: "ProductVariant",
    id: toGid("ProductVariant", variant.id),
    legacyResourceId: String(variant.id),
    title: variant.title,
    displayName: product ? `${product.title} - ${variant.title}` : variant.title,
    sku: variant.sku,
    barcode: variant.barcode,
    price: formatDecimalMoney(variant.priceCents),
    compareAtPrice: variant.compareAtPriceCents === null ? null : formatDecimalMoney(variant.compareAtPriceCents),
    position: variant.position,
    inventoryQuantity: variant.inventoryQuantity,
    sellableOnlineQuantity: Math.max(0, variant.inventoryQuantity),
    availableForSale: product?.status === "ACTIVE" && (!variant.tracked || variant.inventoryPolicy === "CONTINUE" || variant.inventoryQuantity > 0),
    inventoryPolicy: variant.inventoryPolicy,
    taxable: variant.taxable,
    requiresComponents: false,
    showUnitPrice: false,
    unitPrice: null,
    createdAt: time(variant.createdAt),
    updatedAt: time(variant.updatedAt),
    selectedOptions: options.map((option, index) => ({
      __typename: "SelectedOption",
      name: option.name,
      value: variant.optionValues[index] ?? "",
    })),
    product: () => (product ? productView(ctx, product) : null),
    media: (args: SimResolverArgs) =>
      buildConnection(image ? [image] : [], args as SimConnectionArgs, { bulk: ctx.bulk, keyOf: (item) => [item.id], toNode: mediaImageView }),
    inventoryItem: {
      __typename: "InventoryItem",
      id: toGid("InventoryItem", variant.inventoryItemId),
      legacyResourceId: String(variant.inventoryItemId),
      sku: variant.sku,
      tracked: variant.tracked,
      requiresShipping: variant.requiresShipping,
      createdAt: time(variant.createdAt),
      updatedAt: time(variant.updatedAt),
      unitCost: null,
      countryCodeOfOrigin: null,
      provinceCodeOfOrigin: null,
      harmonizedSystemCode: null,
      duplicateSkuCount: 0,
      measurement: {
        __typename: "InventoryItemMeasurement",
        id: toGid("InventoryItemMeasurement", variant.inventoryItemId),
        weight: variant.weight === null ? null : { __typename: "Weight", unit: variant.weightUnit, value: variant.weight },
      },
      variant: () => variantView(ctx, variant),
    },
    ...noMetafields,
  };
}

export function collectionView(ctx: SimGraphqlContext, collection: SimCollection): SimView {
  const state = ctx.shop.state;
  const products = () => collection.productIds.flatMap((id) => state.products.get(id) ?? []);
  return {
    __typename: "Collection",
    id: toGid("Collection", collection.id),
    legacyResourceId: String(collection.id),
    title: collection.title,
    handle: collection.handle,
    descriptionHtml: collection.descriptionHtml,
    description: () => collection.descriptionHtml.replace(/<[^>]*>/g, "").trim(),
    updatedAt: time(collection.updatedAt),
    sortOrder: "MANUAL",
    templateSuffix: null,
    image: null,
    seo: { __typename: "SEO", title: null, description: null },
    ruleSet: null,
    productsCount: () => countView(products().length),
    hasProduct: (args: SimResolverArgs) => products().some((product) => toGid("Product", product.id) === args.id),
    products: (args: SimResolverArgs) =>
      buildConnection(products(), args as SimConnectionArgs, {
        bulk: ctx.bulk,
        keyOf: (product) => [collection.productIds.indexOf(product.id)],
        toNode: (product) => productView(ctx, product),
      }),
    ...noMetafields,
  };
}

export function bulkOperationView(ctx: SimGraphqlContext, operation: SimBulkOperation): SimView {
  const fileUrl = (path: string | null) => (path === null ? null : `${ctx.baseUrl}${path}`);
  return {
    __typename: "BulkOperation",
    id: toGid("BulkOperation", operation.id),
    status: operation.status,
    errorCode: operation.errorCode,
    createdAt: time(operation.createdAt),
    completedAt: time(operation.completedAt),
    objectCount: String(operation.objectCount),
    rootObjectCount: String(operation.rootObjectCount),
    fileSize: operation.fileSize === null ? null : String(operation.fileSize),
    url: fileUrl(operation.resultPath),
    partialDataUrl: fileUrl(operation.partialResultPath),
    query: operation.query,
    type: "QUERY",
  };
}

export function locationView(ctx: SimGraphqlContext): SimView {
  const state = ctx.shop.state;
  return {
    __typename: "Location",
    id: toGid("Location", state.locationId),
    legacyResourceId: String(state.locationId),
    name: "Main warehouse",
    isActive: true,
    isPrimary: true,
    shipsInventory: true,
    fulfillsOnlineOrders: true,
    hasActiveInventory: true,
    isFulfillmentService: false,
    activatable: false,
    deactivatable: false,
    deletable: false,
    addressVerified: true,
    deactivatedAt: null,
    createdAt: time(state.info.createdAt),
    updatedAt: time(state.info.createdAt),
    address: {
      __typename: "LocationAddress",
      address1: null,
      address2: null,
      city: null,
      country: countryNameOf(state.info.countryCode),
      countryCode: state.info.countryCode,
      formatted: [countryNameOf(state.info.countryCode) ?? state.info.countryCode],
      latitude: null,
      longitude: null,
      phone: null,
      province: null,
      provinceCode: null,
      zip: null,
    },
    ...noMetafields,
  };
}

export function shopView(ctx: SimGraphqlContext): SimView {
  const state = ctx.shop.state;
  const info = state.info;
  const offset = timezoneOffsetMinutes(ctx.shop.now(), info.ianaTimezone);
  return {
    __typename: "Shop",
    id: toGid("Shop", info.id),
    name: info.name,
    email: info.email,
    contactEmail: info.email,
    shopOwnerName: info.name,
    description: null,
    myshopifyDomain: state.domain,
    url: `https://${info.primaryDomainHost}`,
    currencyCode: info.currencyCode,
    enabledPresentmentCurrencies: [info.currencyCode],
    ianaTimezone: info.ianaTimezone,
    timezoneOffsetMinutes: offset,
    timezoneOffset: formatOffset(offset, ""),
    timezoneAbbreviation: `GMT${formatOffset(offset, ":")}`,
    weightUnit: info.weightUnit,
    unitSystem: info.weightUnit === "POUNDS" || info.weightUnit === "OUNCES" ? "IMPERIAL_SYSTEM" : "METRIC_SYSTEM",
    taxesIncluded: false,
    taxShipping: false,
    setupRequired: false,
    checkoutApiSupported: true,
    transactionalSmsDisabled: false,
    marketingSmsConsentEnabledAtCheckout: false,
    orderNumberFormatPrefix: "#",
    orderNumberFormatSuffix: "",
    createdAt: time(info.createdAt),
    updatedAt: time(info.createdAt),
    shipsToCountries: [info.countryCode],
    plan: { __typename: "ShopPlan", partnerDevelopment: true, shopifyPlus: false, publicDisplayName: "Development" },
    primaryDomain: {
      __typename: "Domain",
      id: toGid("Domain", info.id),
      host: info.primaryDomainHost,
      url: `https://${info.primaryDomainHost}`,
      sslEnabled: true,
      localization: null,
      marketWebPresence: null,
    },
    shopAddress: {
      __typename: "ShopAddress",
      id: `gid://shopify/ShopAddress/${info.id}`,
      address1: null,
      address2: null,
      city: null,
      company: null,
      country: countryNameOf(info.countryCode),
      countryCodeV2: info.countryCode,
      province: null,
      provinceCode: null,
      zip: null,
      phone: null,
      coordinatesValidated: false,
      formatted: () => [countryNameOf(info.countryCode) ?? info.countryCode],
      formattedArea: countryNameOf(info.countryCode),
      latitude: null,
      longitude: null,
    },
    ...noMetafields,
  };
}
