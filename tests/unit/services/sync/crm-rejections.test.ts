import { describe, expect, it } from "vitest";
import { CrmHttpError } from "../../../../app/services/crm/errors";
import { describeOrderRejection } from "../../../../app/services/sync/crm-rejections";

function rejection(errors: Record<string, string>, errorMsg = "Order is not loaded"): CrmHttpError {
  return new CrmHttpError("validation", "RetailCRM rejected the order", { status: 400, method: "POST", path: "/api/v5/orders/create", errorMsg, errors, attempts: 1 }, false);
}

const order = {
  status: "new",
  orderMethod: "shopping-cart",
  delivery: { code: "courier" },
  payments: [{ externalId: "shop-1", type: "credit", status: "not-paid", amount: 10 }],
};

describe(describeOrderRejection.name, () => {
  it.each([
    [
      "a payment type the delivery type does not take",
      { "payments[0].type": "This payment type is not supported for the type of delivery" },
      'Order #1001 was not sent to RetailCRM: the payment type "credit" (from the payment gateway "manual") is not allowed for the delivery type "courier" — map it in Settings to a payment type that "courier" accepts in RetailCRM (or allow it there for that delivery type), then retry.',
    ],
    [
      "an unknown payment type",
      { "payments[0].type": 'Payment type "credit" does not exist.' },
      'Order #1001 was not sent to RetailCRM: RetailCRM has no active payment type "credit" (from the payment gateway "manual") — map the gateway to an existing payment type in Settings, then retry.',
    ],
    [
      "an unknown delivery type",
      { "delivery.code": 'Delivery type "courier" does not exist.' },
      'Order #1001 was not sent to RetailCRM: RetailCRM has no active delivery type "courier" (from the shipping method "Standard") — map the shipping method to an existing delivery type in Settings, then retry.',
    ],
    [
      "an unknown order status",
      { status: 'Status "new" does not exist.' },
      'Order #1001 was not sent to RetailCRM: RetailCRM has no active order status "new" — choose existing statuses in the status mapping in Settings, then retry.',
    ],
    [
      "a refusal the app has no words for",
      { "items[0].quantity": "This value should be greater than 0." },
      "Order #1001 was not sent to RetailCRM: RetailCRM refused it: This value should be greater than 0 (items[0].quantity).",
    ],
  ])("explains %s", (_case, errors, expected) => {
    // GIVEN RetailCRM's refusal WHEN described THEN the merchant reads what to change
    expect(describeOrderRejection(rejection(errors), { orderName: "#1001", order, gateway: "manual", shippingMethod: "Standard" })).toBe(expected);
  });

  it("keeps RetailCRM's message when it names no field", () => {
    expect(describeOrderRejection(rejection({}, "Order is not loaded"), { orderName: "#7", order })).toBe(
      "Order #7 was not sent to RetailCRM: RetailCRM refused it: Order is not loaded.",
    );
  });
});
