import type { CrmOrderInput } from "../../sync/mapping";
import { CrmHttpError, describeDetails } from "../crm/errors";

/** What the merchant's order looked like when RetailCRM refused it, to name the setting to change. */
export interface RejectedOrderContext {
  /** "#1001", else the Shopify id. */
  orderName: string;
  order: Pick<CrmOrderInput, "status" | "delivery" | "payments" | "orderMethod">;
  /** The Shopify payment gateway the payment type was mapped from. */
  gateway?: string;
  /** The Shopify shipping method (code or title) the delivery type was mapped from. */
  shippingMethod?: string;
}

interface FieldRule {
  test(field: string, message: string): boolean;
  explain(ctx: RejectedOrderContext): string;
}

const paymentTypeOf = (ctx: RejectedOrderContext) => ctx.order.payments?.[0]?.type ?? "(none)";
const deliveryTypeOf = (ctx: RejectedOrderContext) => ctx.order.delivery?.code ?? "(none)";
const fromGateway = (ctx: RejectedOrderContext) => (ctx.gateway ? ` (from the payment gateway "${ctx.gateway}")` : "");
const fromShipping = (ctx: RejectedOrderContext) => (ctx.shippingMethod ? ` (from the shipping method "${ctx.shippingMethod}")` : "");

// First match wins; each names the setting the merchant can change.
const ORDER_FIELD_RULES: FieldRule[] = [
  {
    test: (_field, message) => /payment type is not supported for the type of delivery/i.test(message),
    explain: (ctx) =>
      `the payment type "${paymentTypeOf(ctx)}"${fromGateway(ctx)} is not allowed for the delivery type "${deliveryTypeOf(ctx)}" — map it in Settings ` +
      `to a payment type that "${deliveryTypeOf(ctx)}" accepts in RetailCRM (or allow it there for that delivery type), then retry`,
  },
  {
    test: (field) => /^payments\[\d+\]\.type$|^type$/.test(field),
    explain: (ctx) => `RetailCRM has no active payment type "${paymentTypeOf(ctx)}"${fromGateway(ctx)} — map the gateway to an existing payment type in Settings, then retry`,
  },
  {
    test: (field, message) => /^payments\[\d+\]\.status$/.test(field) || (field === "status" && /payment status/i.test(message)),
    explain: () => "RetailCRM does not know the payment status the app sent — choose existing payment statuses in Settings, then retry",
  },
  {
    test: (field) => field === "delivery.code",
    explain: (ctx) => `RetailCRM has no active delivery type "${deliveryTypeOf(ctx)}"${fromShipping(ctx)} — map the shipping method to an existing delivery type in Settings, then retry`,
  },
  {
    test: (field, message) => field === "status" && !/payment/i.test(message),
    explain: (ctx) => `RetailCRM has no active order status "${ctx.order.status ?? ""}" — choose existing statuses in the status mapping in Settings, then retry`,
  },
  {
    test: (field) => field === "orderMethod",
    explain: (ctx) => `RetailCRM has no active order method "${ctx.order.orderMethod ?? ""}" — choose an existing order method in Settings, then retry`,
  },
];

/**
 * A RetailCRM refusal of an order in words the merchant can act on: which value was refused, where it came from
 * in Shopify, and which setting to change. Unknown refusals keep RetailCRM's own words.
 */
export function describeOrderRejection(error: CrmHttpError, ctx: RejectedOrderContext): string {
  const explanations: string[] = [];
  const unexplained: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.errors)) {
    const rule = ORDER_FIELD_RULES.find((candidate) => candidate.test(field, message));
    const text = rule?.explain(ctx);
    if (text && !explanations.includes(text)) explanations.push(text);
    else if (!text) unexplained[field] = message;
  }
  if (Object.keys(unexplained).length > 0 || explanations.length === 0) {
    explanations.push(`RetailCRM refused it: ${describeDetails(Object.keys(unexplained).length ? "" : error.errorMsg, unexplained)}`);
  }
  return `Order ${ctx.orderName} was not sent to RetailCRM: ${explanations.join("; ")}.`;
}

/** True when RetailCRM refused an order because the customer it names does not exist (deleted in the CRM). */
export function isMissingCustomerRejection(error: unknown): boolean {
  return error instanceof CrmHttpError && error.kind === "validation" && Object.keys(error.errors).some((field) => field.startsWith("customer."));
}
