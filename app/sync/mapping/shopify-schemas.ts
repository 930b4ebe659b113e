import { z } from "zod";

/**
 * Boundary schemas for what the mappers read from Shopify. They accept the documented shapes, keep only the
 * fields the mappers use, and describe every rejection in words a merchant can pass on.
 */

const optionalText = z.string().nullish();

/** A numeric Shopify id: a JSON number, or a string of digits when the body was parsed losslessly. */
const SHOPIFY_ID_RULE = "should be a Shopify id made of digits";
export const shopifyIdSchema = z.union(
  [
    // Not .int(): zod's int stops at 2^53 and real payloads parsed with JSON.parse carry larger (rounded) ids.
    z.number({ error: SHOPIFY_ID_RULE }).refine((id) => Number.isInteger(id) && id >= 0, { error: SHOPIFY_ID_RULE }),
    z.string({ error: SHOPIFY_ID_RULE }).regex(/^\d+$/, { error: SHOPIFY_ID_RULE }),
  ],
  { error: SHOPIFY_ID_RULE },
);

const MONEY_PATTERN = /^-?\d+(\.\d+)?$/;

/** Shopify sends money as decimal strings (`"12.34"`); some tools send numbers. */
export const shopifyMoneySchema = z.union(
  [
    z.string().trim().regex(MONEY_PATTERN, { error: 'should be an amount such as "12.34"' }),
    z.number().finite(),
  ],
  { error: 'should be an amount such as "12.34"' },
);

const WHOLE_QUANTITY_RULE = "should be a whole number, 0 or more";
const wholeQuantitySchema = z
  .number()
  .int({ error: WHOLE_QUANTITY_RULE })
  .nonnegative({ error: WHOLE_QUANTITY_RULE });

export const shopifyDateTimeSchema = z.string().refine((value) => !Number.isNaN(Date.parse(value)), {
  error: "should be a date and time such as 2024-05-01T10:00:00Z",
});

/** Address as it appears in REST webhook payloads (orders, customers). */
export const shopifyRestAddressSchema = z.object({
  first_name: optionalText,
  last_name: optionalText,
  company: optionalText,
  address1: optionalText,
  address2: optionalText,
  city: optionalText,
  province: optionalText,
  province_code: optionalText,
  country: optionalText,
  country_code: optionalText,
  zip: optionalText,
  phone: optionalText,
});

/**
 * Customer as it appears in customers/* webhooks and inside orders/*. From API 2025-01 it carries no tags
 * and no consent; the legacy fields are still read when a store's subscription sends them.
 */
export const shopifyRestCustomerSchema = z.object({
  id: shopifyIdSchema,
  admin_graphql_api_id: optionalText,
  first_name: optionalText,
  last_name: optionalText,
  email: optionalText,
  phone: optionalText,
  created_at: shopifyDateTimeSchema.nullish(),
  updated_at: shopifyDateTimeSchema.nullish(),
  default_address: shopifyRestAddressSchema.nullish(),
  addresses: z.array(shopifyRestAddressSchema).nullish(),
  tags: optionalText,
  email_marketing_consent: z
    .object({ state: optionalText, consent_updated_at: shopifyDateTimeSchema.nullish() })
    .nullish(),
});

const shopifyTaxLineSchema = z.object({ price: shopifyMoneySchema });

export const shopifyLineItemSchema = z.object({
  id: shopifyIdSchema,
  admin_graphql_api_id: optionalText,
  variant_id: shopifyIdSchema.nullish(),
  product_id: shopifyIdSchema.nullish(),
  title: optionalText,
  variant_title: optionalText,
  name: optionalText,
  sku: optionalText,
  quantity: wholeQuantitySchema,
  current_quantity: wholeQuantitySchema.nullish(),
  price: shopifyMoneySchema,
  total_discount: shopifyMoneySchema.nullish(),
  discount_allocations: z.array(z.object({ amount: shopifyMoneySchema })).nullish(),
  tax_lines: z.array(shopifyTaxLineSchema).nullish(),
});

export const shopifyShippingLineSchema = z.object({
  title: optionalText,
  code: optionalText,
  source: optionalText,
  price: shopifyMoneySchema,
  discounted_price: shopifyMoneySchema.nullish(),
  is_removed: z.boolean().nullish(),
  tax_lines: z.array(shopifyTaxLineSchema).nullish(),
});

export const shopifyRefundSchema = z.object({
  refund_line_items: z
    .array(z.object({ line_item_id: shopifyIdSchema, quantity: wholeQuantitySchema }))
    .nullish(),
});

/** The REST-shaped body of orders/create, orders/updated, orders/paid, orders/cancelled, orders/fulfilled. */
export const shopifyOrderPayloadSchema = z.object({
  id: shopifyIdSchema,
  admin_graphql_api_id: optionalText,
  name: optionalText,
  email: optionalText,
  contact_email: optionalText,
  phone: optionalText,
  note: optionalText,
  created_at: shopifyDateTimeSchema.nullish(),
  updated_at: shopifyDateTimeSchema.nullish(),
  processed_at: shopifyDateTimeSchema.nullish(),
  cancelled_at: shopifyDateTimeSchema.nullish(),
  financial_status: optionalText,
  fulfillment_status: optionalText,
  currency: optionalText,
  taxes_included: z.boolean().nullish(),
  total_price: shopifyMoneySchema,
  current_total_price: shopifyMoneySchema.nullish(),
  total_outstanding: shopifyMoneySchema.nullish(),
  customer: shopifyRestCustomerSchema.nullish(),
  shipping_address: shopifyRestAddressSchema.nullish(),
  billing_address: shopifyRestAddressSchema.nullish(),
  line_items: z.array(shopifyLineItemSchema),
  shipping_lines: z.array(shopifyShippingLineSchema).nullish(),
  payment_gateway_names: z.array(z.string()).nullish(),
  discount_codes: z
    .array(z.object({ code: optionalText, amount: shopifyMoneySchema.nullish(), type: optionalText }))
    .nullish(),
  refunds: z.array(shopifyRefundSchema).nullish(),
});

/** `MailingAddress` as read through Admin GraphQL. */
export const shopifyMailingAddressSchema = z.object({
  firstName: optionalText,
  lastName: optionalText,
  company: optionalText,
  address1: optionalText,
  address2: optionalText,
  city: optionalText,
  province: optionalText,
  provinceCode: optionalText,
  zip: optionalText,
  countryCodeV2: optionalText,
  phone: optionalText,
});

/** The customer as read through Admin GraphQL 2026-10 (`customer(id:)`), the input of mapCustomerToCrm. */
export const shopifyCustomerSchema = z.object({
  id: z.string().regex(/^(gid:\/\/shopify\/Customer\/)?\d+$/, {
    error: "should be a customer id such as gid://shopify/Customer/123",
  }),
  firstName: optionalText,
  lastName: optionalText,
  defaultEmailAddress: z
    .object({
      emailAddress: optionalText,
      marketingState: optionalText,
      marketingUpdatedAt: shopifyDateTimeSchema.nullish(),
    })
    .nullish(),
  defaultPhoneNumber: z.object({ phoneNumber: optionalText }).nullish(),
  defaultAddress: shopifyMailingAddressSchema.nullish(),
  addressesV2: z.object({ nodes: z.array(shopifyMailingAddressSchema) }).nullish(),
  tags: z.array(z.string()).nullish(),
  createdAt: shopifyDateTimeSchema.nullish(),
  updatedAt: shopifyDateTimeSchema.nullish(),
});
