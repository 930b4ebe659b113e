import { describe, expect, it } from "vitest";
import { createShopifySimulator } from "../../../../sim/shopify/index";
import { TEST_SECRET } from "./sim-test-kit";

// Key lists of Shopify's documented example payloads (API 2026-07+).
const CUSTOMER_KEYS = ["id", "created_at", "updated_at", "first_name", "last_name", "state", "note", "verified_email", "multipass_identifier", "tax_exempt", "email", "phone", "currency", "addresses", "tax_exemptions", "admin_graphql_api_id", "default_address"];
const CUSTOMER_ADDRESS_KEYS = ["id", "customer_id", "first_name", "last_name", "company", "address1", "address2", "city", "province", "country", "zip", "phone", "name", "province_code", "country_code", "country_name", "default"];
const ORDER_KEYS = ["id", "admin_graphql_api_id", "app_id", "browser_ip", "buyer_accepts_marketing", "cancel_reason", "cancelled_at", "cart_token", "checkout_token", "client_details", "closed_at", "confirmation_number", "confirmed", "contact_email", "created_at", "currency", "current_shipping_price_set", "current_subtotal_price", "current_subtotal_price_set", "current_total_additional_fees_set", "current_total_discounts", "current_total_discounts_set", "current_total_duties_set", "current_total_price", "current_total_price_set", "current_total_tax", "current_total_tax_set", "customer_locale", "device_id", "discount_codes", "duties_included", "email", "estimated_taxes", "financial_status", "fulfillment_status", "landing_site", "landing_site_ref", "location_id", "merchant_business_entity_id", "merchant_of_record_app_id", "name", "note", "note_attributes", "number", "order_number", "order_status_url", "original_total_additional_fees_set", "original_total_duties_set", "payment_gateway_names", "phone", "po_number", "presentment_currency", "processed_at", "reference", "referring_site", "source_identifier", "source_name", "source_url", "subtotal_price", "subtotal_price_set", "tags", "tax_exempt", "tax_lines", "taxes_included", "test", "token", "total_cash_rounding_payment_adjustment_set", "total_cash_rounding_refund_adjustment_set", "total_discounts", "total_discounts_set", "total_line_items_price", "total_line_items_price_set", "total_outstanding", "total_price", "total_price_set", "total_shipping_price_set", "total_tax", "total_tax_set", "total_tip_received", "total_weight", "updated_at", "user_id", "billing_address", "customer", "discount_applications", "fulfillments", "line_items", "payment_terms", "refunds", "shipping_address", "shipping_lines", "returns", "line_item_groups"];
const LINE_ITEM_KEYS = ["id", "admin_graphql_api_id", "attributed_staffs", "current_quantity", "fulfillable_quantity", "fulfillment_service", "fulfillment_status", "gift_card", "grams", "name", "price", "price_set", "product_exists", "product_id", "properties", "quantity", "requires_shipping", "sales_line_item_group_id", "sku", "taxable", "title", "total_discount", "total_discount_set", "variant_id", "variant_inventory_management", "variant_title", "vendor", "tax_lines", "duties", "discount_allocations"];
const SHIPPING_LINE_KEYS = ["id", "carrier_identifier", "code", "current_discounted_price_set", "discounted_price", "discounted_price_set", "is_removed", "phone", "price", "price_set", "requested_fulfillment_service_id", "source", "title", "tax_lines", "discount_allocations"];
const ORDER_ADDRESS_KEYS = ["first_name", "address1", "phone", "city", "zip", "province", "country", "last_name", "address2", "company", "latitude", "longitude", "name", "country_code", "province_code"];
const ORDER_CUSTOMER_KEYS = ["id", "created_at", "updated_at", "first_name", "last_name", "state", "note", "verified_email", "multipass_identifier", "tax_exempt", "email", "phone", "currency", "tax_exemptions", "admin_graphql_api_id", "default_address"];
const PRODUCT_KEYS = ["admin_graphql_api_id", "body_html", "created_at", "handle", "id", "product_type", "published_at", "template_suffix", "title", "updated_at", "vendor", "status", "published_scope", "tags", "variants", "options", "images", "image", "media", "variant_gids", "has_variants_that_requires_components", "category"];
const VARIANT_KEYS = ["admin_graphql_api_id", "barcode", "compare_at_price", "created_at", "id", "inventory_policy", "position", "price", "product_id", "sku", "taxable", "title", "updated_at", "option1", "option2", "option3", "image_id", "inventory_item_id", "inventory_quantity", "old_inventory_quantity"];

type Json = Record<string, unknown>;

function merchantShop(domain: string) {
  const sim = createShopifySimulator({ apiSecret: TEST_SECRET, now: () => Date.parse("2026-07-15T12:00:00Z") });
  const shop = sim.addShop(domain, { ianaTimezone: "Europe/Moscow", currencyCode: "RUB", countryCode: "RU" });
  const payloadOf = (topic: string, index = 0) => sim.webhooks.events.filter((event) => event.topic === topic)[index]?.payload as Json;
  return { sim, shop, payloadOf };
}

describe("webhook payloads of the Shopify simulator", () => {
  it("shapes customers/create like Shopify's example, without tags or consent", () => {
    const { shop, payloadOf } = merchantShop("payload-customer.myshopify.com");
    shop.createCustomer({
      firstName: "Анна",
      email: "anna@example.ru",
      tags: ["vip"],
      emailMarketingConsent: { marketingState: "SUBSCRIBED" },
      addresses: [{ address1: "ул. Тверская, 7", address2: "кв. 12", city: "Москва", countryCode: "RU", phone: "+7 495 123-45-67" }],
    });
    const payload = payloadOf("customers/create");
    expect(Object.keys(payload)).toEqual(CUSTOMER_KEYS);
    expect(Object.keys(payload.default_address as Json)).toEqual(CUSTOMER_ADDRESS_KEYS);
    expect(payload).toMatchObject({ created_at: "2026-07-15T15:00:00+03:00", currency: "RUB", state: "disabled" });
    expect(payloadOf("customers_email_marketing_consent/update")).toMatchObject({
      email_address: "anna@example.ru",
      email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in" },
    });
  });

  it("shapes orders/create like Shopify's example and keeps money as two-decimal strings", () => {
    const { shop, payloadOf } = merchantShop("payload-order.myshopify.com");
    const product = shop.createProduct({ title: "Чай", variants: [{ sku: "TEA", price: "450.00", weight: 0.1, weightUnit: "KILOGRAMS" }] });
    shop.createOrder({
      customer: { firstName: "Анна", email: "anna@example.ru", addresses: [{ address1: "Тверская, 7", countryCode: "RU" }] },
      lineItems: [
        { variantId: product.variants[0]?.id ?? 0, quantity: 2 },
        { title: "Упаковка", price: "50", quantity: 1 },
      ],
      shippingLines: [{ title: "Курьер", price: "350" }],
      shippingAddress: { firstName: "Анна", address1: "Тверская, 7", address2: "кв. 12", countryCode: "RU" },
      discountCode: { code: "SALE", amount: "100" },
      financialStatus: "PAID",
    });
    const payload = payloadOf("orders/create");
    const lineItems = payload.line_items as Json[];
    expect(Object.keys(payload)).toEqual(ORDER_KEYS);
    expect(Object.keys(lineItems[0] ?? {})).toEqual(LINE_ITEM_KEYS);
    expect(Object.keys((payload.shipping_lines as Json[])[0] ?? {})).toEqual(SHIPPING_LINE_KEYS);
    expect(Object.keys(payload.shipping_address as Json)).toEqual(ORDER_ADDRESS_KEYS);
    expect(Object.keys(payload.customer as Json)).toEqual(ORDER_CUSTOMER_KEYS);
    expect(payload).toMatchObject({
      total_line_items_price: "950.00",
      total_discounts: "100.00",
      subtotal_price: "850.00",
      total_price: "1200.00",
      total_weight: 200,
      financial_status: "paid",
      total_outstanding: "0.00",
      name: "#1001",
      order_number: 1001,
    });
    expect(lineItems.map((item) => [item.sku, item.variant_id === null, item.grams])).toEqual([
      ["TEA", false, 100],
      [null, true, 0],
    ]);
    expect(payloadOf("orders/paid")).toMatchObject({ financial_status: "paid" });
  });

  it("shapes products/create like Shopify's example and sends orders/edited after an edit", () => {
    const { shop, payloadOf } = merchantShop("payload-product.myshopify.com");
    const product = shop.createProduct({
      title: "Tee",
      options: [{ name: "Size", values: ["S", "M"] }],
      variants: [
        { optionValues: ["S"], price: "10" },
        { optionValues: ["M"], price: "12" },
      ],
    });
    const payload = payloadOf("products/create");
    expect(Object.keys(payload)).toEqual(PRODUCT_KEYS);
    expect(Object.keys((payload.variants as Json[])[0] ?? {})).toEqual(VARIANT_KEYS);
    expect((payload.variants as Json[]).map((variant) => [variant.option1, variant.price])).toEqual([
      ["S", "10.00"],
      ["M", "12.00"],
    ]);
    const order = shop.createOrder({ email: "e@example.com", lineItems: [{ variantId: product.variants[0]?.id ?? 0, quantity: 1 }] });
    shop.editOrder(order.id, { addVariants: [{ variantId: product.variants[1]?.id ?? 0, quantity: 2 }], setQuantities: [{ lineItemId: order.lineItems[0]?.id ?? 0, quantity: 0 }] });
    expect(payloadOf("orders/edited")).toMatchObject({
      order_edit: { order_id: order.id, line_items: { additions: [{ delta: 2 }], removals: [{ id: order.lineItems[0]?.id, delta: 1 }] } },
    });
    expect(payloadOf("orders/updated")).toMatchObject({ current_total_price: "24.00" });
  });
});
