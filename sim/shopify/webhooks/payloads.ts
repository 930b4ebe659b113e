/**
 * REST-shaped webhook bodies (API 2026-07+ shapes, key order as in Shopify's documented examples).
 * Customer payloads carry no tags or consent since 2025-01: those travel on their own topics.
 */
import { createHash } from "node:crypto";
import { toGid } from "../store/gid";
import { formatRestMoney } from "../store/money";
import { countryNameOf } from "../store/normalize";
import { computeOrderTotals, fulfillmentStatusOf, lineItemName } from "../store/order-totals";
import type { SimShopState } from "../store/shop-state";
import { formatRestTime } from "../store/time";
import type {
  SimAddress,
  SimCustomer,
  SimCustomerAddress,
  SimEmailConsent,
  SimLineItem,
  SimOrder,
  SimOrderEdit,
  SimProduct,
  SimSmsConsent,
} from "../store/types";

type Json = Record<string, unknown>;

function restTime(state: SimShopState, ms: number | null): string | null {
  return ms === null ? null : formatRestTime(ms, state.info.ianaTimezone);
}

function moneySet(cents: number, currency: string): Json {
  const money = { amount: formatRestMoney(cents), currency_code: currency };
  return { shop_money: money, presentment_money: { ...money } };
}

function fullName(first: string | null, last: string | null): string | null {
  const name = [first, last].filter(Boolean).join(" ");
  return name || null;
}

export function buildCustomerAddressPayload(customer: SimCustomer, address: SimCustomerAddress): Json {
  return {
    id: address.id,
    customer_id: customer.id,
    first_name: address.firstName,
    last_name: address.lastName,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.province ?? address.provinceCode,
    country: countryNameOf(address.countryCode),
    zip: address.zip,
    phone: address.phone,
    name: fullName(address.firstName, address.lastName),
    province_code: address.provinceCode,
    country_code: address.countryCode,
    country_name: countryNameOf(address.countryCode),
    default: customer.defaultAddressId === address.id,
  };
}

function defaultAddressPayload(customer: SimCustomer): Json | undefined {
  const address = customer.addresses.find((item) => item.id === customer.defaultAddressId);
  return address ? buildCustomerAddressPayload(customer, address) : undefined;
}

/** customers/create, customers/update. */
export function buildCustomerPayload(state: SimShopState, customer: SimCustomer): Json {
  const payload: Json = {
    id: customer.id,
    created_at: restTime(state, customer.createdAt),
    updated_at: restTime(state, customer.updatedAt),
    first_name: customer.firstName,
    last_name: customer.lastName,
    state: customer.state.toLowerCase(),
    note: customer.note,
    verified_email: customer.verifiedEmail,
    multipass_identifier: customer.multipassIdentifier,
    tax_exempt: customer.taxExempt,
    email: customer.email,
    phone: customer.phone,
    currency: state.info.currencyCode,
    addresses: customer.addresses.map((address) => buildCustomerAddressPayload(customer, address)),
    tax_exemptions: [],
    admin_graphql_api_id: toGid("Customer", customer.id),
  };
  const defaultAddress = defaultAddressPayload(customer);
  if (defaultAddress) payload.default_address = defaultAddress;
  return payload;
}

/** The `customer` object inside order payloads: the customer shape without `addresses`. */
function buildOrderCustomerPayload(state: SimShopState, customer: SimCustomer): Json {
  const { addresses: _addresses, ...rest } = buildCustomerPayload(state, customer);
  return rest;
}

export function buildCustomerDeletePayload(customerId: number): Json {
  return { id: customerId, tax_exemptions: [], admin_graphql_api_id: toGid("Customer", customerId) };
}

/** customer.tags_added / customer.tags_removed use camelCase keys and a gid. */
export function buildCustomerTagsPayload(customerId: number, tags: string[], occurredAt: number): Json {
  return { customerId: toGid("Customer", customerId), tags, occurredAt: new Date(occurredAt).toISOString() };
}

export function buildEmailConsentPayload(
  state: SimShopState,
  customer: SimCustomer,
  consent: SimEmailConsent,
): Json {
  return {
    customer_id: customer.id,
    email_address: customer.email,
    email_marketing_consent: {
      state: consent.state.toLowerCase(),
      opt_in_level: consent.optInLevel?.toLowerCase() ?? null,
      consent_updated_at: restTime(state, consent.updatedAt),
    },
  };
}

export function buildSmsConsentPayload(state: SimShopState, customer: SimCustomer, consent: SimSmsConsent): Json {
  return {
    id: customer.id,
    phone: customer.phone,
    sms_marketing_consent: {
      state: consent.state.toLowerCase(),
      opt_in_level: consent.optInLevel.toLowerCase(),
      consent_updated_at: restTime(state, consent.updatedAt),
      consent_collected_from: "SHOPIFY",
    },
  };
}

export function buildOrderAddressPayload(address: SimAddress | null): Json | null {
  if (!address) return null;
  return {
    first_name: address.firstName,
    address1: address.address1,
    phone: address.phone,
    city: address.city,
    zip: address.zip,
    province: address.province ?? address.provinceCode,
    country: countryNameOf(address.countryCode),
    last_name: address.lastName,
    address2: address.address2,
    company: address.company,
    latitude: null,
    longitude: null,
    name: fullName(address.firstName, address.lastName),
    country_code: address.countryCode,
    province_code: address.provinceCode,
  };
}

function buildLineItemPayload(order: SimOrder, item: SimLineItem): Json {
  const remaining = Math.max(0, item.currentQuantity - item.fulfilledQuantity);
  let fulfillmentStatus: string | null = null;
  if (item.fulfilledQuantity > 0) fulfillmentStatus = remaining === 0 ? "fulfilled" : "partial";
  return {
    id: item.id,
    admin_graphql_api_id: toGid("LineItem", item.id),
    attributed_staffs: [],
    current_quantity: item.currentQuantity,
    fulfillable_quantity: order.cancelledAt === null ? remaining : 0,
    fulfillment_service: "manual",
    fulfillment_status: fulfillmentStatus,
    gift_card: item.giftCard,
    grams: item.grams,
    name: lineItemName(item),
    price: formatRestMoney(item.priceCents),
    price_set: moneySet(item.priceCents, order.currency),
    product_exists: item.productId !== null,
    product_id: item.productId,
    properties: item.properties,
    quantity: item.quantity,
    requires_shipping: item.requiresShipping,
    sales_line_item_group_id: null,
    sku: item.sku,
    taxable: item.taxable,
    title: item.title,
    total_discount: formatRestMoney(item.discountCents),
    total_discount_set: moneySet(item.discountCents, order.currency),
    variant_id: item.variantId,
    variant_inventory_management: item.variantId === null ? null : "shopify",
    variant_title: item.variantTitle,
    vendor: item.vendor,
    tax_lines: [],
    duties: [],
    discount_allocations:
      item.discountCents > 0
        ? [
            {
              amount: formatRestMoney(item.discountCents),
              amount_set: moneySet(item.discountCents, order.currency),
              discount_application_index: 0,
            },
          ]
        : [],
  };
}

function orderToken(orderId: number): string {
  return createHash("sha256").update(`order-${orderId}`).digest("hex").slice(0, 32);
}

/** orders/create, orders/updated, orders/paid, orders/cancelled, orders/fulfilled. */
export function buildOrderPayload(state: SimShopState, order: SimOrder): Json {
  const totals = computeOrderTotals(order);
  const currency = order.currency;
  const customer = order.customerId === null ? undefined : state.customers.get(order.customerId);
  const fulfillmentStatus = fulfillmentStatusOf(order);
  const token = orderToken(order.id);
  return {
    id: order.id,
    admin_graphql_api_id: toGid("Order", order.id),
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: order.buyerAcceptsMarketing,
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    cancelled_at: restTime(state, order.cancelledAt),
    cart_token: null,
    checkout_token: null,
    client_details: null,
    closed_at: restTime(state, order.closedAt),
    confirmation_number: token.slice(0, 9).toUpperCase(),
    confirmed: true,
    contact_email: order.email,
    created_at: restTime(state, order.createdAt),
    currency,
    current_shipping_price_set: moneySet(totals.shippingCents, currency),
    current_subtotal_price: formatRestMoney(totals.currentSubtotalCents),
    current_subtotal_price_set: moneySet(totals.currentSubtotalCents, currency),
    current_total_additional_fees_set: null,
    current_total_discounts: formatRestMoney(totals.currentDiscountCents),
    current_total_discounts_set: moneySet(totals.currentDiscountCents, currency),
    current_total_duties_set: null,
    current_total_price: formatRestMoney(totals.currentTotalCents),
    current_total_price_set: moneySet(totals.currentTotalCents, currency),
    current_total_tax: "0.00",
    current_total_tax_set: moneySet(0, currency),
    customer_locale: order.customerLocale,
    device_id: null,
    discount_codes: order.discountCodes.map((discount) => ({
      code: discount.code,
      amount: formatRestMoney(discount.amountCents),
      type: discount.type,
    })),
    duties_included: false,
    email: order.email,
    estimated_taxes: false,
    financial_status: order.financialStatus.toLowerCase(),
    fulfillment_status: fulfillmentStatus,
    landing_site: null,
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: "MTU0ODM4MDAwOQ",
    merchant_of_record_app_id: null,
    name: order.name,
    note: order.note,
    note_attributes: order.customAttributes.map((attribute) => ({ name: attribute.key, value: attribute.value })),
    number: order.number,
    order_number: order.number + 1000,
    order_status_url: `https://${state.info.primaryDomainHost}/${state.info.id}/orders/${token}/authenticate?key=${token.slice(0, 16)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: order.paymentGatewayNames,
    phone: order.phone,
    po_number: order.poNumber,
    presentment_currency: currency,
    processed_at: restTime(state, order.processedAt),
    reference: null,
    referring_site: null,
    source_identifier: order.sourceIdentifier,
    source_name: order.sourceName,
    source_url: null,
    subtotal_price: formatRestMoney(totals.subtotalCents),
    subtotal_price_set: moneySet(totals.subtotalCents, currency),
    tags: order.tags.join(", "),
    tax_exempt: false,
    tax_lines: [],
    taxes_included: false,
    test: order.test,
    token,
    total_cash_rounding_payment_adjustment_set: moneySet(0, currency),
    total_cash_rounding_refund_adjustment_set: moneySet(0, currency),
    total_discounts: formatRestMoney(totals.discountCents),
    total_discounts_set: moneySet(totals.discountCents, currency),
    total_line_items_price: formatRestMoney(totals.lineItemsCents),
    total_line_items_price_set: moneySet(totals.lineItemsCents, currency),
    total_outstanding: formatRestMoney(totals.outstandingCents),
    total_price: formatRestMoney(totals.totalCents),
    total_price_set: moneySet(totals.totalCents, currency),
    total_shipping_price_set: moneySet(totals.shippingCents, currency),
    total_tax: "0.00",
    total_tax_set: moneySet(0, currency),
    total_tip_received: "0.00",
    total_weight: totals.weightGrams,
    updated_at: restTime(state, order.updatedAt),
    user_id: null,
    billing_address: buildOrderAddressPayload(order.billingAddress),
    customer: customer ? buildOrderCustomerPayload(state, customer) : null,
    discount_applications: order.discountCodes.map((discount) => ({
      target_type: "line_item",
      type: "discount_code",
      value: formatRestMoney(discount.amountCents),
      value_type: discount.type,
      allocation_method: "across",
      target_selection: "all",
      code: discount.code,
    })),
    fulfillments: order.fulfillments.map((fulfillment, index) => ({
      id: fulfillment.id,
      admin_graphql_api_id: toGid("Fulfillment", fulfillment.id),
      created_at: restTime(state, fulfillment.createdAt),
      location_id: state.locationId,
      name: `${order.name}.${index + 1}`,
      order_id: order.id,
      origin_address: {},
      receipt: {},
      service: "manual",
      shipment_status: null,
      status: "success",
      tracking_company: fulfillment.trackingCompany,
      tracking_number: fulfillment.trackingNumber,
      tracking_numbers: fulfillment.trackingNumber ? [fulfillment.trackingNumber] : [],
      tracking_url: null,
      tracking_urls: [],
      updated_at: restTime(state, fulfillment.createdAt),
      line_items: fulfillment.lineItems.flatMap((entry) => {
        const item = order.lineItems.find((line) => line.id === entry.lineItemId);
        return item ? [{ ...buildLineItemPayload(order, item), quantity: entry.quantity }] : [];
      }),
    })),
    line_items: order.lineItems.map((item) => buildLineItemPayload(order, item)),
    payment_terms: null,
    refunds: [],
    shipping_address: buildOrderAddressPayload(order.shippingAddress),
    shipping_lines: order.shippingLines.map((line) => ({
      id: line.id,
      carrier_identifier: null,
      code: line.code,
      current_discounted_price_set: moneySet(line.priceCents, currency),
      discounted_price: formatRestMoney(line.priceCents),
      discounted_price_set: moneySet(line.priceCents, currency),
      is_removed: false,
      phone: null,
      price: formatRestMoney(line.priceCents),
      price_set: moneySet(line.priceCents, currency),
      requested_fulfillment_service_id: null,
      source: line.source,
      title: line.title,
      tax_lines: [],
      discount_allocations: [],
    })),
    returns: [],
    line_item_groups: [],
  };
}

export function buildOrderEditedPayload(state: SimShopState, order: SimOrder, edit: SimOrderEdit): Json {
  return {
    order_edit: {
      id: edit.id,
      app_id: null,
      created_at: restTime(state, edit.committedAt),
      committed_at: restTime(state, edit.committedAt),
      notify_customer: false,
      order_id: order.id,
      staff_note: "",
      user_id: null,
      line_items: {
        additions: edit.additions.map((change) => ({ id: change.lineItemId, delta: change.delta })),
        removals: edit.removals.map((change) => ({ id: change.lineItemId, delta: change.delta })),
      },
      discounts: { line_item: { additions: [], removals: [] } },
      shipping_lines: { additions: [], removals: [] },
    },
  };
}

export function buildIdOnlyPayload(id: number): Json {
  return { id };
}

/** products/create, products/update. */
export function buildProductPayload(state: SimShopState, product: SimProduct): Json {
  const images = product.images.map((image, index) => ({
    id: image.id,
    alt: image.altText,
    position: index + 1,
    product_id: product.id,
    created_at: restTime(state, product.createdAt),
    updated_at: restTime(state, product.updatedAt),
    admin_graphql_api_id: toGid("ProductImage", image.id),
    width: image.width,
    height: image.height,
    src: image.url,
    variant_ids: product.variants.filter((variant) => variant.imageId === image.id).map((variant) => variant.id),
  }));
  return {
    admin_graphql_api_id: toGid("Product", product.id),
    body_html: product.descriptionHtml,
    created_at: restTime(state, product.createdAt),
    handle: product.handle,
    id: product.id,
    product_type: product.productType,
    published_at: restTime(state, product.publishedAt),
    template_suffix: product.templateSuffix,
    title: product.title,
    updated_at: restTime(state, product.updatedAt),
    vendor: product.vendor,
    status: product.status.toLowerCase(),
    published_scope: "web",
    tags: product.tags.join(", "),
    variants: product.variants.slice(0, 100).map((variant) => ({
      admin_graphql_api_id: toGid("ProductVariant", variant.id),
      barcode: variant.barcode,
      compare_at_price: variant.compareAtPriceCents === null ? null : formatRestMoney(variant.compareAtPriceCents),
      created_at: restTime(state, variant.createdAt),
      id: variant.id,
      inventory_policy: variant.inventoryPolicy.toLowerCase(),
      position: variant.position,
      price: formatRestMoney(variant.priceCents),
      product_id: product.id,
      sku: variant.sku,
      taxable: variant.taxable,
      title: variant.title,
      updated_at: restTime(state, variant.updatedAt),
      option1: variant.optionValues[0] ?? null,
      option2: variant.optionValues[1] ?? null,
      option3: variant.optionValues[2] ?? null,
      image_id: variant.imageId,
      inventory_item_id: variant.inventoryItemId,
      inventory_quantity: variant.inventoryQuantity,
      old_inventory_quantity: variant.inventoryQuantity,
    })),
    options: product.options.map((option) => ({
      id: option.id,
      product_id: product.id,
      name: option.name,
      position: option.position,
      values: option.values,
    })),
    images,
    image: images[0] ?? null,
    media: product.images.map((image, index) => ({
      id: image.id,
      product_id: product.id,
      position: index + 1,
      created_at: restTime(state, product.createdAt),
      updated_at: restTime(state, product.updatedAt),
      alt: image.altText,
      status: "READY",
      media_content_type: "IMAGE",
      preview_image: { width: image.width, height: image.height, src: image.url, status: "READY" },
      variant_ids: product.variants.filter((variant) => variant.imageId === image.id).map((variant) => variant.id),
      admin_graphql_api_id: toGid("MediaImage", image.id),
    })),
    variant_gids: product.variants.map((variant) => ({
      admin_graphql_api_id: toGid("ProductVariant", variant.id),
      updated_at: new Date(variant.updatedAt).toISOString(),
    })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

/** app/uninstalled: the shop object. */
export function buildShopPayload(state: SimShopState): Json {
  const info = state.info;
  return {
    id: info.id,
    name: info.name,
    email: info.email,
    domain: info.primaryDomainHost,
    province: null,
    country: info.countryCode,
    address1: null,
    zip: null,
    city: null,
    source: null,
    phone: null,
    latitude: null,
    longitude: null,
    primary_locale: "en",
    address2: null,
    created_at: restTime(state, info.createdAt),
    updated_at: restTime(state, info.createdAt),
    country_code: info.countryCode,
    country_name: countryNameOf(info.countryCode),
    currency: info.currencyCode,
    customer_email: info.email,
    timezone: info.ianaTimezone,
    iana_timezone: info.ianaTimezone,
    shop_owner: info.name,
    money_format: "{{amount}}",
    money_with_currency_format: `{{amount}} ${info.currencyCode}`,
    weight_unit: info.weightUnit === "KILOGRAMS" ? "kg" : info.weightUnit === "POUNDS" ? "lb" : "g",
    province_code: null,
    taxes_included: false,
    plan_display_name: "Development",
    plan_name: "partner_test",
    myshopify_domain: state.domain,
    primary_location_id: state.locationId,
    enabled_presentment_currencies: [info.currencyCode],
  };
}

export function buildScopesUpdatePayload(
  state: SimShopState,
  previous: string[],
  current: string[],
  updatedAt: number,
): Json {
  return {
    id: state.info.id,
    shop_id: toGid("Shop", state.info.id),
    previous,
    current,
    updated_at: new Date(updatedAt).toISOString(),
  };
}

export function buildCustomerDataRequestPayload(
  state: SimShopState,
  customer: SimCustomer,
  orderIds: number[],
  requestId: number,
): Json {
  return {
    shop_id: state.info.id,
    shop_domain: state.domain,
    customer: { id: customer.id, email: customer.email, phone: customer.phone },
    orders_requested: orderIds,
    data_request: { id: requestId },
  };
}

export function buildCustomerRedactPayload(state: SimShopState, customer: SimCustomer, orderIds: number[]): Json {
  return {
    shop_id: state.info.id,
    shop_domain: state.domain,
    customer: { id: customer.id, email: customer.email, phone: customer.phone },
    orders_to_redact: orderIds,
  };
}

export function buildShopRedactPayload(state: SimShopState): Json {
  return { shop_id: state.info.id, shop_domain: state.domain };
}

export function buildBulkFinishPayload(
  state: SimShopState,
  operation: { id: number; status: string; errorCode: string | null; createdAt: number; completedAt: number | null },
): Json {
  return {
    admin_graphql_api_id: toGid("BulkOperation", operation.id),
    completed_at: restTime(state, operation.completedAt),
    created_at: restTime(state, operation.createdAt),
    error_code: operation.errorCode?.toLowerCase() ?? null,
    status: operation.status.toLowerCase(),
    type: "query",
  };
}
