import { z } from "zod";

/*
 * Response shapes, parsed defensively: RetailCRM sends `[]` for empty maps, payments as a list or
 * as a map keyed by id, money as integers, floats or (rarely) numeric strings, and leaves out
 * empty fields. Objects are loose, so fields we do not model pass through untouched.
 */

export const crmMoneySchema = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/** An object keyed by code or id; `[]` (PHP's empty array) counts as empty. */
export function crmMapOf<T extends z.ZodType>(value: T) {
  return z.preprocess(
    (input) => (input === null || (Array.isArray(input) && input.length === 0) ? {} : input),
    z.record(z.string(), value),
  );
}

/** A list that RetailCRM sometimes sends as an object keyed by id; either way we hand out a list. */
export function crmListOf<T extends z.ZodType>(item: T) {
  return z.preprocess((input) => {
    if (input === null || input === undefined) return [];
    if (Array.isArray(input)) return input;
    if (typeof input === "object") return Object.values(input);
    return input;
  }, z.array(item));
}

const optionalText = z.string().nullish();
/** Text that some accounts send as a number (ids, codes). */
const optionalLooseText = z.union([z.string(), z.number().transform(String)]).nullish();
const stringList = crmListOf(z.string());

export const crmPaginationSchema = z.looseObject({
  limit: z.number(),
  totalCount: z.number(),
  currentPage: z.number(),
  totalPageCount: z.number(),
});

export const crmAddressSchema = z.looseObject({
  id: z.number().optional(),
  index: optionalText,
  countryIso: optionalText,
  region: optionalText,
  city: optionalText,
  street: optionalText,
  building: optionalText,
  flat: optionalText,
  text: optionalText,
  notes: optionalText,
});

export const crmCustomerTagSchema = z.preprocess(
  (input) => (typeof input === "string" ? { name: input } : input),
  z.looseObject({ name: z.string(), color: optionalText, attached: z.boolean().optional() }),
);

export const crmCustomerSchema = z.looseObject({
  id: z.number(),
  externalId: optionalText,
  site: optionalText,
  createdAt: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  patronymic: optionalText,
  email: optionalText,
  phones: crmListOf(z.looseObject({ number: z.string() })).optional(),
  address: crmAddressSchema.nullish(),
  subscribed: z.boolean().nullish(),
  emailMarketingUnsubscribedAt: optionalText,
  tags: crmListOf(crmCustomerTagSchema).optional(),
  customFields: crmMapOf(z.unknown()).optional(),
  vip: z.boolean().optional(),
  bad: z.boolean().optional(),
  ordersCount: z.number().optional(),
  totalSumm: crmMoneySchema.optional(),
});

export const crmOfferRefSchema = z.looseObject({
  id: z.number().optional(),
  externalId: optionalText,
  xmlId: optionalText,
  name: optionalText,
});

export const crmOrderItemSchema = z.looseObject({
  id: z.number().optional(),
  offer: crmOfferRefSchema.nullish(),
  productName: optionalText,
  initialPrice: crmMoneySchema.optional(),
  quantity: crmMoneySchema.optional(),
  discountManualAmount: crmMoneySchema.optional(),
  discountManualPercent: crmMoneySchema.optional(),
  discountTotal: crmMoneySchema.optional(),
  status: optionalText,
  comment: optionalText,
  externalIds: crmListOf(z.looseObject({ code: z.string(), value: z.string() })).optional(),
  properties: crmListOf(z.looseObject({ code: optionalText, name: optionalText, value: z.unknown() })).optional(),
});

export const crmPaymentSchema = z.looseObject({
  id: z.number().optional(),
  externalId: optionalText,
  type: z.string(),
  status: optionalText,
  amount: crmMoneySchema.optional(),
  paidAt: optionalText,
  comment: optionalText,
});

export const crmOrderDeliverySchema = z.looseObject({
  code: optionalText,
  cost: crmMoneySchema.optional(),
  netCost: crmMoneySchema.optional(),
  date: optionalText,
  address: crmAddressSchema.nullish(),
});

export const crmOrderSchema = z.looseObject({
  id: z.number(),
  externalId: optionalText,
  number: optionalText,
  site: optionalText,
  status: optionalText,
  orderType: optionalText,
  orderMethod: optionalText,
  createdAt: optionalText,
  countryIso: optionalText,
  currency: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  patronymic: optionalText,
  phone: optionalText,
  email: optionalText,
  customer: z.looseObject({ id: z.number().optional(), externalId: optionalText, site: optionalText }).nullish(),
  managerComment: optionalText,
  customerComment: optionalText,
  items: crmListOf(crmOrderItemSchema).default([]),
  delivery: crmOrderDeliverySchema.nullish(),
  payments: crmListOf(crmPaymentSchema).default([]),
  customFields: crmMapOf(z.unknown()).default({}),
  summ: crmMoneySchema.optional(),
  totalSumm: crmMoneySchema.optional(),
  prepaySum: crmMoneySchema.optional(),
  discountManualAmount: crmMoneySchema.optional(),
  discountManualPercent: crmMoneySchema.optional(),
});

export const crmSiteSchema = z.looseObject({
  id: z.number().optional(),
  code: z.string(),
  name: z.string(),
  url: optionalText,
  description: optionalText,
  countryIso: optionalText,
  currency: optionalText,
  defaultForCrm: z.boolean().optional(),
  ymlUrl: optionalText,
  loadFromYml: z.boolean().optional(),
  catalogUpdatedAt: optionalText,
  catalogLoadingAt: optionalText,
  catalogId: optionalLooseText,
  isCatalogMainSite: z.boolean().optional(),
});

export const crmStatusSchema = z.looseObject({
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  ordering: z.number().optional(),
  group: optionalText,
});

export const crmPaymentTypeSchema = z.looseObject({
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  defaultForCrm: z.boolean().optional(),
  defaultForApi: z.boolean().optional(),
  description: optionalText,
  deliveryTypes: stringList.default([]),
  paymentStatuses: stringList.default([]),
  sites: stringList.default([]),
});

export const crmPaymentStatusSchema = z.looseObject({
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  defaultForCrm: z.boolean().optional(),
  defaultForApi: z.boolean().optional(),
  paymentComplete: z.boolean().optional(),
  ordering: z.number().optional(),
  paymentTypes: stringList.default([]),
});

export const crmDeliveryTypeSchema = z.looseObject({
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  defaultCost: crmMoneySchema.optional(),
  defaultNetCost: crmMoneySchema.optional(),
  paymentTypes: stringList.default([]),
  deliveryPaymentTypes: crmListOf(z.looseObject({ code: z.string(), cod: z.boolean().optional() })).default([]),
  sites: stringList.default([]),
});

export const crmOrderMethodSchema = z.looseObject({
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  defaultForCrm: z.boolean().optional(),
  defaultForApi: z.boolean().optional(),
});

export const crmCredentialsSchema = z.looseObject({
  scopes: stringList.default([]),
  siteAccess: optionalText,
  sitesAvailable: stringList.default([]),
  credentials: stringList.default([]),
});

export const crmIntegrationModuleSchema = z.looseObject({
  code: z.string(),
  integrationCode: optionalText,
  active: z.boolean().optional(),
  freeze: z.boolean().optional(),
  name: optionalText,
  logo: optionalText,
  clientId: optionalText,
  baseUrl: optionalText,
  accountUrl: optionalText,
  actions: crmMapOf(z.string()).optional(),
  integrations: crmMapOf(z.unknown()).optional(),
});

const crmHistoryEntryBase = {
  id: z.number(),
  createdAt: z.string(),
  created: z.boolean().optional(),
  deleted: z.boolean().optional(),
  source: z.string(),
  user: z.looseObject({ id: z.number() }).nullish(),
  apiKey: z.looseObject({ current: z.boolean().optional() }).nullish(),
  field: z.string(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
};

export const crmOrderHistoryEntrySchema = z.looseObject({
  ...crmHistoryEntryBase,
  order: crmOrderSchema,
  item: crmOrderItemSchema.nullish(),
  payment: crmPaymentSchema.partial().nullish(),
});

export const crmCustomerHistoryEntrySchema = z.looseObject({
  ...crmHistoryEntryBase,
  customer: crmCustomerSchema,
  address: crmAddressSchema.nullish(),
});

export const crmUploadedRecordSchema = z.looseObject({ id: z.number(), externalId: optionalText });
export const crmFailedRecordSchema = z.looseObject({ externalId: optionalText });
