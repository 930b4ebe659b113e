/** Records the simulator keeps per shop. Times are epoch milliseconds (whole seconds, like Shopify). */

export interface SimAddress {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
}

export interface SimCustomerAddress extends SimAddress {
  id: number;
}

export type SimEmailMarketingState =
  | "INVALID"
  | "NOT_SUBSCRIBED"
  | "PENDING"
  | "REDACTED"
  | "SUBSCRIBED"
  | "UNSUBSCRIBED";
export type SimSmsMarketingState = "NOT_SUBSCRIBED" | "PENDING" | "REDACTED" | "SUBSCRIBED" | "UNSUBSCRIBED";
export type SimOptInLevel = "CONFIRMED_OPT_IN" | "SINGLE_OPT_IN" | "UNKNOWN";

export interface SimEmailConsent {
  state: SimEmailMarketingState;
  optInLevel: SimOptInLevel | null;
  updatedAt: number | null;
}

export interface SimSmsConsent {
  state: SimSmsMarketingState;
  optInLevel: SimOptInLevel;
  updatedAt: number | null;
}

export type SimCustomerState = "DECLINED" | "DISABLED" | "ENABLED" | "INVITED";

export interface SimCustomer {
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  state: SimCustomerState;
  locale: string;
  taxExempt: boolean;
  verifiedEmail: boolean;
  multipassIdentifier: string | null;
  emailConsent: SimEmailConsent | null;
  smsConsent: SimSmsConsent | null;
  addresses: SimCustomerAddress[];
  defaultAddressId: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface SimLineItem {
  id: number;
  variantId: number | null;
  productId: number | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  vendor: string | null;
  quantity: number;
  currentQuantity: number;
  fulfilledQuantity: number;
  /** Unit price, cents. */
  priceCents: number;
  /** Discount on the whole line, cents. */
  discountCents: number;
  requiresShipping: boolean;
  taxable: boolean;
  giftCard: boolean;
  grams: number;
  properties: { name: string; value: string }[];
}

export interface SimShippingLine {
  id: number;
  title: string;
  code: string | null;
  source: string;
  priceCents: number;
}

export interface SimTransaction {
  id: number;
  kind: "SALE" | "CAPTURE" | "AUTHORIZATION" | "REFUND" | "VOID";
  status: "SUCCESS" | "PENDING" | "FAILURE";
  amountCents: number;
  gateway: string;
  createdAt: number;
}

export interface SimFulfillment {
  id: number;
  createdAt: number;
  trackingCompany: string | null;
  trackingNumber: string | null;
  lineItems: { lineItemId: number; quantity: number }[];
}

export type SimFinancialStatus =
  | "AUTHORIZED"
  | "EXPIRED"
  | "PAID"
  | "PARTIALLY_PAID"
  | "PARTIALLY_REFUNDED"
  | "PENDING"
  | "REFUNDED"
  | "VOIDED";

export type SimCancelReason = "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF";

export interface SimOrderEdit {
  id: number;
  committedAt: number;
  additions: { lineItemId: number; delta: number }[];
  removals: { lineItemId: number; delta: number }[];
}

export interface SimOrder {
  id: number;
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  customAttributes: { key: string; value: string }[];
  currency: string;
  customerId: number | null;
  billingAddress: SimAddress | null;
  shippingAddress: SimAddress | null;
  lineItems: SimLineItem[];
  shippingLines: SimShippingLine[];
  transactions: SimTransaction[];
  fulfillments: SimFulfillment[];
  edits: SimOrderEdit[];
  discountCodes: { code: string; amountCents: number; type: "fixed_amount" | "percentage" }[];
  /** Discount on the whole order (not on a line), cents. */
  orderDiscountCents: number;
  financialStatus: SimFinancialStatus;
  cancelledAt: number | null;
  cancelReason: SimCancelReason | null;
  closedAt: number | null;
  createdAt: number;
  updatedAt: number;
  processedAt: number;
  sourceName: string;
  sourceIdentifier: string | null;
  poNumber: string | null;
  test: boolean;
  buyerAcceptsMarketing: boolean;
  customerLocale: string | null;
  paymentGatewayNames: string[];
}

export type SimWeightUnit = "GRAMS" | "KILOGRAMS" | "OUNCES" | "POUNDS";
export type SimProductStatus = "ACTIVE" | "ARCHIVED" | "DRAFT" | "UNLISTED";

export interface SimProductOption {
  id: number;
  name: string;
  position: number;
  values: string[];
}

export interface SimImage {
  id: number;
  url: string;
  altText: string | null;
  width: number;
  height: number;
}

export interface SimVariant {
  id: number;
  productId: number;
  title: string;
  sku: string | null;
  barcode: string | null;
  priceCents: number;
  compareAtPriceCents: number | null;
  position: number;
  /** Values of option1..option3, in the product's option order. */
  optionValues: string[];
  inventoryItemId: number;
  inventoryQuantity: number;
  tracked: boolean;
  inventoryPolicy: "CONTINUE" | "DENY";
  weight: number | null;
  weightUnit: SimWeightUnit;
  taxable: boolean;
  requiresShipping: boolean;
  imageId: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface SimProduct {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  status: SimProductStatus;
  tags: string[];
  options: SimProductOption[];
  images: SimImage[];
  variants: SimVariant[];
  templateSuffix: string | null;
  publishedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface SimCollection {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  productIds: number[];
  updatedAt: number;
}

export type SimBulkStatus = "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";
export type SimBulkErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

export interface SimBulkOperation {
  id: number;
  query: string;
  groupObjects: boolean;
  status: SimBulkStatus;
  errorCode: SimBulkErrorCode | null;
  createdAt: number;
  completedAt: number | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  /** Path of the JSONL result on the simulator, e.g. `/bulk-results/<token>.jsonl`. */
  resultPath: string | null;
  partialResultPath: string | null;
}

export interface SimShopInfo {
  id: number;
  name: string;
  email: string;
  currencyCode: string;
  countryCode: string;
  ianaTimezone: string;
  weightUnit: SimWeightUnit;
  primaryDomainHost: string;
  createdAt: number;
}
