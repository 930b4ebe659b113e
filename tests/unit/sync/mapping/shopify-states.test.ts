import { describe, expect, it } from "vitest";
import {
  readShopifyFulfillmentState,
  readShopifyOrderState,
  readShopifyPaymentState,
} from "../../../../app/sync/mapping/shopify-states";

describe(readShopifyPaymentState.name, () => {
  it.each([
    ["paid", "paid"],
    ["PAID", "paid"],
    ["partially_paid", "partially_paid"],
    ["partially_refunded", "partially_refunded"],
    ["refunded", "refunded"],
    ["pending", "pending"],
    ["authorized", "authorized"],
    ["voided", "voided"],
    ["expired", "expired"],
    ["something_new", "unknown"],
    [null, "unknown"],
  ])("%s → %s", (financialStatus, state) => {
    expect(readShopifyPaymentState(financialStatus)).toBe(state);
  });
});

describe(readShopifyFulfillmentState.name, () => {
  it.each([
    [null, "unfulfilled"],
    ["partial", "partial"],
    ["fulfilled", "fulfilled"],
    ["restocked", "restocked"],
    ["shipped_to_mars", "unknown"],
  ])("%s → %s", (fulfillmentStatus, state) => {
    expect(readShopifyFulfillmentState(fulfillmentStatus)).toBe(state);
  });
});

describe(readShopifyOrderState.name, () => {
  it.each([
    [{ cancelled_at: "2024-05-01T00:00:00Z", financial_status: "paid", fulfillment_status: "fulfilled" }, "cancelled"],
    [{ cancelled_at: null, financial_status: "refunded", fulfillment_status: "fulfilled" }, "refunded"],
    [{ cancelled_at: null, financial_status: "paid", fulfillment_status: "fulfilled" }, "fulfilled"],
    [{ cancelled_at: null, financial_status: "pending", fulfillment_status: "partial" }, "partially_fulfilled"],
    [{ cancelled_at: null, financial_status: "paid", fulfillment_status: null }, "paid"],
    [{ cancelled_at: null, financial_status: "partially_refunded", fulfillment_status: null }, "paid"],
    [{ cancelled_at: null, financial_status: "partially_paid", fulfillment_status: null }, "open"],
    [{ cancelled_at: null, financial_status: "pending", fulfillment_status: "restocked" }, "open"],
  ])("%o → %s", (order, state) => {
    expect(readShopifyOrderState(order)).toBe(state);
  });
});
