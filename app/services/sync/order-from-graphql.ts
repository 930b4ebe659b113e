import { readGidNumber, type ShopifyMailingAddress } from "../../sync/mapping";
import type { ShopifyGraphqlOrder } from "../shopify/operations/orders/orders-for-crm";

/**
 * An order read through Admin GraphQL in the shape of an orders/* webhook body, so the backfill maps it with the
 * same mapper (and the same rules) as live deliveries. Only the fields the mapper reads are filled. Returns the
 * body as parsed JSON, for parseShopifyOrderPayload.
 */
export function convertGraphqlOrderToPayload(order: ShopifyGraphqlOrder): Record<string, unknown> {
  return {
    id: order.legacyResourceId,
    admin_graphql_api_id: order.id,
    name: order.name,
    email: order.email,
    contact_email: order.email,
    phone: order.phone,
    note: order.note,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.processedAt,
    cancelled_at: order.cancelledAt,
    financial_status: order.displayFinancialStatus?.toLowerCase() ?? null,
    fulfillment_status: readFulfillmentStatus(order.displayFulfillmentStatus),
    currency: order.currencyCode,
    taxes_included: order.taxesIncluded,
    total_price: order.totalPriceSet.shopMoney.amount,
    current_total_price: order.currentTotalPriceSet.shopMoney.amount,
    total_outstanding: order.totalOutstandingSet.shopMoney.amount,
    payment_gateway_names: order.paymentGatewayNames,
    discount_codes: order.discountCodes.map((code) => ({ code })),
    customer: order.customer
      ? {
          id: readGidNumber(order.customer.id) ?? order.customer.id,
          admin_graphql_api_id: order.customer.id,
          first_name: order.customer.firstName,
          last_name: order.customer.lastName,
          email: order.customer.defaultEmailAddress?.emailAddress ?? null,
          phone: order.customer.defaultPhoneNumber?.phoneNumber ?? null,
          default_address: convertAddress(order.customer.defaultAddress),
        }
      : null,
    shipping_address: convertAddress(order.shippingAddress),
    billing_address: convertAddress(order.billingAddress),
    line_items: order.lineItems.nodes.map((line) => ({
      id: readGidNumber(line.id) ?? line.id,
      admin_graphql_api_id: line.id,
      variant_id: line.variant ? (readGidNumber(line.variant.id) ?? null) : null,
      product_id: line.product ? (readGidNumber(line.product.id) ?? null) : null,
      title: line.title,
      variant_title: line.variantTitle,
      name: line.name,
      sku: line.sku,
      quantity: line.quantity,
      current_quantity: line.currentQuantity,
      price: line.originalUnitPriceSet.shopMoney.amount,
      discount_allocations: line.discountAllocations.map((allocation) => ({ amount: allocation.allocatedAmountSet.shopMoney.amount })),
      tax_lines: line.taxLines.map((tax) => ({ price: tax.priceSet.shopMoney.amount })),
    })),
    shipping_lines: order.shippingLines.nodes.map((line) => ({
      title: line.title,
      code: line.code,
      source: line.source,
      is_removed: line.isRemoved,
      price: line.originalPriceSet.shopMoney.amount,
      discounted_price: line.discountedPriceSet.shopMoney.amount,
      tax_lines: line.taxLines.map((tax) => ({ price: tax.priceSet.shopMoney.amount })),
    })),
    refunds: order.refunds.map((refund) => ({
      refund_line_items: refund.refundLineItems.nodes.map((item) => ({
        line_item_id: readGidNumber(item.lineItem.id) ?? item.lineItem.id,
        quantity: item.quantity,
      })),
    })),
  };
}

function convertAddress(address: ShopifyMailingAddress | null): Record<string, unknown> | null {
  if (!address) return null;
  return {
    first_name: address.firstName,
    last_name: address.lastName,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    province: address.province,
    province_code: address.provinceCode,
    country_code: address.countryCodeV2,
    zip: address.zip,
    phone: address.phone,
  };
}

/** `OrderDisplayFulfillmentStatus` → the webhook's `fulfillment_status` (null means unfulfilled). */
function readFulfillmentStatus(status: string): string | null {
  switch (status) {
    case "FULFILLED":
      return "fulfilled";
    case "PARTIALLY_FULFILLED":
      return "partial";
    case "RESTOCKED":
      return "restocked";
    default:
      return null;
  }
}
