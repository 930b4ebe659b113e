import { readFileSync } from "node:fs";
import { parseShopifyOrderPayload } from "../../../../app/sync/mapping/parse-shopify";
import { resolveOrderMappingSettings } from "../../../../app/sync/mapping/order-settings";
import type { OrderMappingSettings, OrderMappingSettingsInput } from "../../../../app/sync/mapping/order-settings";
import type { MapResult, MappingNote, MappingProblem } from "../../../../app/sync/mapping/result";
import type {
  ShopifyCustomer,
  ShopifyLineItem,
  ShopifyOrderPayload,
  ShopifyRestAddress,
  ShopifyShippingLine,
} from "../../../../app/sync/mapping/types";

const WEBHOOK_EXAMPLES = new URL("../../../fixtures/shopify-webhooks/", import.meta.url);

/** Raw text of one of Shopify's documented webhook examples (tests/fixtures/shopify-webhooks). */
export function readWebhookExample(file: string): string {
  return readFileSync(new URL(file, WEBHOOK_EXAMPLES), "utf8");
}

export function loadOrderExample(file = "orders-create.json"): ShopifyOrderPayload {
  const parsed = parseShopifyOrderPayload(readWebhookExample(file));
  if (!parsed.ok) throw new Error(`Fixture ${file} no longer parses: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

export function expectMapped<T>(result: MapResult<T>): { value: T; notes: readonly MappingNote[] } {
  if (!result.ok) throw new Error(`Expected a mapped value, got problems: ${JSON.stringify(result.problems)}`);
  return result;
}

export function expectProblems<T>(result: MapResult<T>): readonly MappingProblem[] {
  if (result.ok) throw new Error(`Expected problems, got a value: ${JSON.stringify(result.value)}`);
  return result.problems;
}

export function buildSettings(overrides: Partial<OrderMappingSettingsInput> = {}): OrderMappingSettings {
  return resolveOrderMappingSettings({ shopScope: "test-shop", ...overrides });
}

export function buildShippingAddress(overrides: Partial<ShopifyRestAddress> = {}): ShopifyRestAddress {
  return {
    first_name: "Ann",
    last_name: "Lee",
    company: null,
    address1: "5th Ave 1",
    address2: "Apt 2",
    city: "New York",
    province: "New York",
    province_code: "NY",
    country: "United States",
    country_code: "US",
    zip: "10001",
    phone: "5551234567",
    ...overrides,
  };
}

export function buildBillingAddress(overrides: Partial<ShopifyRestAddress> = {}): ShopifyRestAddress {
  return {
    first_name: "Bill",
    last_name: "Payer",
    company: "Payer Inc",
    address1: "Billing Street 9",
    address2: "Floor 3",
    city: "Boston",
    province: "Massachusetts",
    province_code: "MA",
    country: "United States",
    country_code: "US",
    zip: "02101",
    phone: "617-555-0199",
    ...overrides,
  };
}

export function buildLineItem(overrides: Partial<ShopifyLineItem> = {}): ShopifyLineItem {
  return {
    id: 99887766,
    admin_graphql_api_id: "gid://shopify/LineItem/99887766",
    variant_id: 4455,
    product_id: 44,
    title: "Tee",
    variant_title: "Red / M",
    name: "Tee - Red / M",
    sku: "TEE-R-M",
    quantity: 2,
    current_quantity: 2,
    price: "20.00",
    total_discount: "0.00",
    discount_allocations: [{ amount: "4.00" }],
    tax_lines: [],
    ...overrides,
  };
}

export function buildShippingLine(overrides: Partial<ShopifyShippingLine> = {}): ShopifyShippingLine {
  return {
    title: "Standard",
    code: "STANDARD",
    source: "shopify",
    price: "5.00",
    discounted_price: "5.00",
    is_removed: false,
    tax_lines: [],
    ...overrides,
  };
}

/** A small paid order: 2 × "Tee - Red / M" at 20.00 with 4.00 off, 5.00 shipping, total 41.00. */
export function buildOrder(overrides: Partial<ShopifyOrderPayload> = {}): ShopifyOrderPayload {
  return {
    id: 5001,
    admin_graphql_api_id: "gid://shopify/Order/5001",
    name: "#1001",
    email: "ann@example.com",
    contact_email: "ann@example.com",
    phone: null,
    note: "Leave at door",
    created_at: "2024-05-01T10:05:00Z",
    updated_at: "2024-05-01T10:06:00Z",
    processed_at: "2024-05-01T10:05:00Z",
    cancelled_at: null,
    financial_status: "paid",
    fulfillment_status: null,
    currency: "USD",
    taxes_included: true,
    total_price: "41.00",
    current_total_price: "41.00",
    total_outstanding: "0.00",
    customer: {
      id: 123,
      admin_graphql_api_id: "gid://shopify/Customer/123",
      first_name: "Ann",
      last_name: "Lee",
      email: "ann@example.com",
      phone: "+1 (555) 123-4567",
      default_address: buildShippingAddress(),
    },
    shipping_address: buildShippingAddress(),
    billing_address: buildBillingAddress(),
    line_items: [buildLineItem()],
    shipping_lines: [buildShippingLine()],
    payment_gateway_names: ["shopify_payments"],
    discount_codes: [{ code: "SPRING", amount: "4.00", type: "fixed_amount" }],
    refunds: [],
    ...overrides,
  };
}

/** A customer as read through Admin GraphQL. */
export function buildCustomer(overrides: Partial<ShopifyCustomer> = {}): ShopifyCustomer {
  return {
    id: "gid://shopify/Customer/123",
    firstName: "Ann",
    lastName: "Lee",
    defaultEmailAddress: {
      emailAddress: "ann@example.com",
      marketingState: "SUBSCRIBED",
      marketingUpdatedAt: "2024-04-01T08:00:00Z",
    },
    defaultPhoneNumber: { phoneNumber: "+15551234567" },
    defaultAddress: {
      firstName: "Ann",
      lastName: "Lee",
      address1: "5th Ave 1",
      address2: "Apt 2",
      city: "New York",
      province: "New York",
      provinceCode: "NY",
      zip: "10001",
      countryCodeV2: "US",
      phone: "(555) 123-4567",
    },
    addressesV2: { nodes: [] },
    tags: ["vip", "wholesale"],
    createdAt: "2024-05-01T10:00:00Z",
    updatedAt: "2024-05-02T11:00:00Z",
    ...overrides,
  };
}
