import type { z } from "zod";
import type {
  shopifyCustomerSchema,
  shopifyLineItemSchema,
  shopifyMailingAddressSchema,
  shopifyOrderPayloadSchema,
  shopifyRestAddressSchema,
  shopifyRestCustomerSchema,
  shopifyShippingLineSchema,
} from "./shopify-schemas";

// ---- Shopify side (inputs) -------------------------------------------------------------------------------

/** Customer read through Admin GraphQL 2026-10: what mapCustomerToCrm consumes. */
export type ShopifyCustomer = z.infer<typeof shopifyCustomerSchema>;
export type ShopifyMailingAddress = z.infer<typeof shopifyMailingAddressSchema>;

/** REST-shaped orders/* webhook body: what mapOrderToCrm consumes. */
export type ShopifyOrderPayload = z.infer<typeof shopifyOrderPayloadSchema>;
export type ShopifyLineItem = z.infer<typeof shopifyLineItemSchema>;
export type ShopifyShippingLine = z.infer<typeof shopifyShippingLineSchema>;
export type ShopifyRestAddress = z.infer<typeof shopifyRestAddressSchema>;
export type ShopifyRestCustomer = z.infer<typeof shopifyRestCustomerSchema>;

/** Shopify `financial_status`, as our own closed set. */
export type ShopifyPaymentState =
  | "pending"
  | "authorized"
  | "partially_paid"
  | "paid"
  | "partially_refunded"
  | "refunded"
  | "voided"
  | "expired"
  | "unknown";

/** Shopify `fulfillment_status`, as our own closed set (null in Shopify means unfulfilled). */
export type ShopifyFulfillmentState = "unfulfilled" | "partial" | "fulfilled" | "restocked" | "unknown";

/** Shopify `CustomerEmailMarketingState`, as our own closed set. */
export type ShopifyEmailMarketingState =
  | "subscribed"
  | "unsubscribed"
  | "not_subscribed"
  | "pending"
  | "invalid"
  | "redacted"
  | "unknown";

/**
 * The one state of a Shopify order that the merchant maps to a CRM status. Precedence, first match wins:
 * cancelled, refunded, fulfilled, partially fulfilled, paid, open.
 */
export type ShopifyOrderState = "open" | "paid" | "partially_fulfilled" | "fulfilled" | "cancelled" | "refunded";

export const SHOPIFY_ORDER_STATES: readonly ShopifyOrderState[] = [
  "open",
  "paid",
  "partially_fulfilled",
  "fulfilled",
  "cancelled",
  "refunded",
];

// ---- RetailCRM side (outputs, API v5) ----------------------------------------------------------------------

/** Customer / delivery address. `text` holds the street lines (`address1||address2`). */
export interface CrmAddressInput {
  index?: string;
  countryIso?: string;
  region?: string;
  city?: string;
  text?: string;
}

export interface CrmPhoneInput {
  number: string;
}

/** Dates are `Y-m-d H:i:s`. */
export interface CrmCustomerInput {
  externalId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  /** Left out when Shopify has no phone for the customer. */
  phones?: CrmPhoneInput[];
  address?: CrmAddressInput;
  subscribed?: boolean;
  /** null means "subscribed" to the CRM; a date means "unsubscribed since". */
  emailMarketingUnsubscribedAt?: string | null;
  /** Left out when the source carried no tags (REST payloads of API 2025-01+), so an edit keeps the CRM's. */
  tags?: string[];
  createdAt?: string;
}

export type CrmCustomerEditInput = Omit<CrmCustomerInput, "createdAt">;

export interface CrmOrderItemInput {
  /** Absent for a free (custom) item. */
  offer?: { externalId: string };
  productName: string;
  /** Unit price before discounts, tax included. */
  initialPrice: number;
  quantity: number;
  /** Money discount per unit. */
  discountManualAmount: number;
  externalIds: { code: string; value: string }[];
}

export interface CrmOrderDeliveryInput {
  code?: string;
  cost?: number;
  address?: CrmAddressInput;
}

export interface CrmOrderPaymentInput {
  /** Unique across the whole CRM account, deterministic per order. */
  externalId: string;
  type: string;
  status: string;
  amount: number;
  paidAt?: string;
}

export interface CrmOrderInput {
  externalId: string;
  number?: string;
  createdAt?: string;
  orderMethod: string;
  status: string;
  countryIso?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  customer?: { externalId: string };
  managerComment?: string;
  items: CrmOrderItemInput[];
  delivery?: CrmOrderDeliveryInput;
  payments: CrmOrderPaymentInput[];
}

/** What `orders/{externalId}/edit` receives: no createdAt, payments go through `orders/payments/*`. */
export type CrmOrderEditInput = Omit<CrmOrderInput, "createdAt" | "payments" | "status"> & { status?: string };
