import { describe, expect, it } from "vitest";
import type { ShopifyGraphqlOrder } from "../../../../app/services/shopify/operations/orders/orders-for-crm";
import { convertGraphqlOrderToPayload } from "../../../../app/services/sync/order-from-graphql";
import { mapOrderToCrm, parseShopifyOrderPayload, resolveOrderMappingSettings } from "../../../../app/sync/mapping";

const money = (amount: string) => ({ shopMoney: { amount } });
const address = {
  firstName: "Анна",
  lastName: "Ли",
  company: null,
  address1: "5th Ave 1",
  address2: "Apt 12",
  city: "New York",
  province: "New York",
  provinceCode: "NY",
  zip: "10001",
  countryCodeV2: "US",
  phone: "+1 212 555 0199",
};

const order: ShopifyGraphqlOrder = {
  id: "gid://shopify/Order/9007199254740993",
  legacyResourceId: "9007199254740993",
  name: "#1001",
  email: "anna@example.com",
  phone: null,
  note: "Leave at the door",
  createdAt: "2026-11-01T10:00:00Z",
  updatedAt: "2026-11-01T10:05:00Z",
  processedAt: "2026-11-01T10:00:00Z",
  cancelledAt: null,
  displayFinancialStatus: "PAID",
  displayFulfillmentStatus: "UNFULFILLED",
  currencyCode: "USD",
  taxesIncluded: true,
  paymentGatewayNames: ["manual"],
  discountCodes: [],
  totalPriceSet: money("41.00"),
  currentTotalPriceSet: money("41.00"),
  totalOutstandingSet: money("0.00"),
  customer: { id: "gid://shopify/Customer/77", firstName: "Анна", lastName: "Ли", defaultEmailAddress: { emailAddress: "anna@example.com" }, defaultPhoneNumber: null, defaultAddress: address },
  shippingAddress: address,
  billingAddress: address,
  lineItems: {
    pageInfo: { hasNextPage: false },
    nodes: [
      {
        id: "gid://shopify/LineItem/501",
        name: "Tee - Red",
        title: "Tee",
        variantTitle: "Red",
        sku: "TEE-R",
        quantity: 2,
        currentQuantity: 1,
        variant: { id: "gid://shopify/ProductVariant/4455" },
        product: { id: "gid://shopify/Product/44" },
        originalUnitPriceSet: money("20.00"),
        discountAllocations: [{ allocatedAmountSet: money("4.00") }],
        taxLines: [],
      },
      {
        id: "gid://shopify/LineItem/502",
        name: "Gift wrap",
        title: "Gift wrap",
        variantTitle: null,
        sku: null,
        quantity: 1,
        currentQuantity: 1,
        variant: null,
        product: null,
        originalUnitPriceSet: money("5.00"),
        discountAllocations: [],
        taxLines: [],
      },
    ],
  },
  shippingLines: { nodes: [{ title: "Standard", code: "standard", source: "shopify", isRemoved: false, originalPriceSet: money("0.00"), discountedPriceSet: money("0.00"), taxLines: [] }] },
  refunds: [{ refundLineItems: { nodes: [{ quantity: 1, lineItem: { id: "gid://shopify/LineItem/501" } }] } }],
};

describe(convertGraphqlOrderToPayload.name, () => {
  it("gives the mapper what an orders/* webhook would: exact ids, free items, the note, refunded units kept on the line", () => {
    // GIVEN an order read through GraphQL WHEN converted, parsed and mapped
    const parsed = parseShopifyOrderPayload(convertGraphqlOrderToPayload(order));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const mapped = mapOrderToCrm(parsed.value, resolveOrderMappingSettings({ shopScope: "shop" }));
    // THEN it maps like the webhook body
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.value).toMatchObject({
      externalId: "9007199254740993",
      number: "#1001",
      managerComment: "Leave at the door",
      customer: { externalId: "77" },
      delivery: { address: { text: "5th Ave 1||Apt 12", countryIso: "US" } },
      payments: [{ externalId: "shop-9007199254740993", status: "paid", amount: 41 }],
    });
    expect(mapped.value.items).toEqual([
      expect.objectContaining({ offer: { externalId: "4455" }, quantity: 2, initialPrice: 20, discountManualAmount: 2, externalIds: [{ code: "shopify", value: "501" }] }),
      expect.objectContaining({ productName: "Gift wrap", initialPrice: 5, quantity: 1 }),
    ]);
    expect(mapped.value.items[1]).not.toHaveProperty("offer");
  });
});
