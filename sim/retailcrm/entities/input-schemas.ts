import { z } from "zod";
import { CrmEntityRejection } from "../api-errors";
import { isCrmDate, isCrmDateTime } from "../dates";

/**
 * Structural checks for the entity JSON the API accepts. Unknown fields are
 * dropped, as the real API ignores them; rule checks (dictionary codes,
 * references, uniqueness) live in the entity modules.
 */

const text = z.union([z.string(), z.number().transform(String)], { error: "This value should be a string." });
const nullableText = text.nullable();
const money = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)], {
  error: "This value should be a number.",
});
const nonNegativeMoney = money.refine((value) => value >= 0, { error: "This value should be 0 or more." });
const flag = z.union(
  [
    z.boolean(),
    z.literal(0).transform(() => false),
    z.literal(1).transform(() => true),
    z.enum(["0", "1", "true", "false"]).transform((value) => value === "1" || value === "true"),
  ],
  { error: "This value should be a boolean." },
);
const dateTime = z.string().refine(isCrmDateTime, { error: "This value is not a valid datetime (expected Y-m-d H:i:s)." });
const dateOnly = z.string().refine(isCrmDate, { error: "This value is not a valid date (expected Y-m-d)." });
const email = z
  .string()
  .refine((value) => value === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), { error: "This value is not a valid email address." });
const countryIso = z.string().regex(/^[A-Z]{2}$/, { error: "This value is not a valid country (ISO 3166-1 alpha-2)." });
const positiveInt = z.number().int().positive();
/** PHP clients send an empty map as `[]`. */
const stringMap = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown()).max(0).transform(() => ({}))], {
  error: "This value should be an object.",
});
const codeRef = z.object({ code: text });

const addressFields = {
  index: nullableText,
  countryIso: countryIso.nullable(),
  region: nullableText,
  regionId: z.number().int().nullable(),
  city: nullableText,
  cityId: z.number().int().nullable(),
  cityType: nullableText,
  street: nullableText,
  streetId: z.number().int().nullable(),
  streetType: nullableText,
  building: nullableText,
  house: nullableText,
  housing: nullableText,
  block: z.number().int().nullable(),
  flat: nullableText,
  floor: z.number().int().nullable(),
  metro: nullableText,
  notes: nullableText,
  text: nullableText,
};

const customerAddress = z.object({ ...addressFields, externalId: nullableText, name: nullableText, isMain: flag }).partial();
const deliveryAddress = z.object(addressFields).partial();

export const customerInputSchema = z
  .object({
    externalId: text,
    createdAt: dateTime,
    firstName: nullableText,
    lastName: nullableText,
    patronymic: nullableText,
    email: email.nullable(),
    birthday: dateOnly.nullable(),
    sex: z.enum(["male", "female"], { error: 'This value should be "male" or "female".' }).nullable(),
    phones: z.array(z.object({ number: text })),
    address: customerAddress,
    subscribed: flag,
    emailMarketingUnsubscribedAt: dateTime.nullable(),
    customFields: stringMap,
    tags: z.array(z.union([text, z.object({ name: text }).transform((tag) => tag.name)])),
    addTags: z.array(text),
    removeTags: z.array(text),
    managerId: positiveInt.nullable(),
    vip: flag,
    bad: flag,
    commentary: nullableText,
    contragent: z.record(z.string(), z.unknown()),
    personalDiscount: nonNegativeMoney,
    discountCardNumber: nullableText,
    source: z.record(z.string(), z.unknown()),
    isContact: flag,
    browserId: nullableText,
  })
  .partial();

export type CrmCustomerInput = z.infer<typeof customerInputSchema>;

export const offerRefSchema = z
  .object({ id: positiveInt, externalId: text, xmlId: text })
  .partial();

export const orderItemInputSchema = z
  .object({
    id: positiveInt,
    offer: offerRefSchema,
    productName: nullableText,
    initialPrice: nonNegativeMoney,
    quantity: money.refine((value) => value > 0, { error: "This value should be greater than 0." }),
    discountManualAmount: nonNegativeMoney,
    discountManualPercent: money.refine((value) => value >= 0 && value <= 100, {
      error: "This value should be between 0 and 100.",
    }),
    vatRate: nullableText,
    purchasePrice: nonNegativeMoney.nullable(),
    comment: nullableText,
    status: text,
    properties: z.union([
      z.array(z.object({ code: text.optional(), name: text, value: text })),
      z.record(z.string(), z.object({ code: text.optional(), name: text, value: text })),
    ]),
    externalIds: z.array(z.object({ code: text, value: text })),
    priceType: codeRef,
  })
  .partial();

export type CrmOrderItemInput = z.infer<typeof orderItemInputSchema>;

export const paymentInputSchema = z
  .object({
    id: positiveInt,
    externalId: text,
    type: text,
    status: text,
    amount: nonNegativeMoney,
    paidAt: dateTime.nullable(),
    comment: nullableText,
  })
  .partial();

export type CrmPaymentInput = z.infer<typeof paymentInputSchema>;

export const paymentCreateSchema = paymentInputSchema.extend({
  order: z.object({ id: positiveInt, externalId: text, number: text }).partial(),
});

export const deliveryInputSchema = z
  .object({
    code: text.nullable(),
    cost: nonNegativeMoney,
    netCost: nonNegativeMoney,
    date: dateOnly.nullable(),
    time: z.object({ from: text, to: text, custom: text }).partial(),
    address: deliveryAddress,
    service: z.object({ code: text, name: text }).partial(),
    vatRate: nullableText,
    data: z.record(z.string(), z.unknown()),
  })
  .partial();

export const orderInputSchema = z
  .object({
    externalId: text,
    number: text,
    status: text,
    statusComment: nullableText,
    orderType: text,
    orderMethod: text,
    createdAt: dateTime,
    countryIso: countryIso.nullable(),
    firstName: nullableText,
    lastName: nullableText,
    patronymic: nullableText,
    phone: nullableText,
    additionalPhone: nullableText,
    email: email.nullable(),
    customer: z.object({ id: positiveInt, externalId: text, site: text, browserId: text }).partial(),
    managerId: positiveInt.nullable(),
    managerComment: nullableText,
    customerComment: nullableText,
    discountManualAmount: nonNegativeMoney,
    discountManualPercent: money.refine((value) => value >= 0 && value <= 100, {
      error: "This value should be between 0 and 100.",
    }),
    items: z.array(orderItemInputSchema),
    delivery: deliveryInputSchema,
    payments: z.array(paymentInputSchema),
    customFields: stringMap,
    shipmentStore: nullableText,
    shipmentDate: dateOnly.nullable(),
    shipped: flag,
    call: flag,
    expired: flag,
    weight: nonNegativeMoney,
    length: nonNegativeMoney,
    width: nonNegativeMoney,
    height: nonNegativeMoney,
    source: z.record(z.string(), z.unknown()),
    contragent: z.record(z.string(), z.unknown()),
    privilegeType: nullableText,
    applyRound: flag,
    isFromCart: flag,
  })
  .partial();

export type CrmOrderInput = z.infer<typeof orderInputSchema>;

/** Parses `raw` with `schema`, or throws a "format" rejection keyed by field path (`items[0].quantity`). */
export function parseEntityInput<T extends z.ZodType>(schema: T, raw: unknown, label: string): z.output<T> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new CrmEntityRejection("format", { [label]: "This value should be a JSON object." });
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new CrmEntityRejection("format", formatIssues(result.error.issues));
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = formatIssuePath(issue.path);
    if (errors[key] === undefined) errors[key] = describeIssue(issue);
  }
  return errors;
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, segment) => {
    if (typeof segment === "number") return `${acc}[${segment}]`;
    return acc ? `${acc}.${String(segment)}` : String(segment);
  }, "");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `This value should be of type ${issue.expected}.`;
    case "too_small":
      return `This value is too small (minimum ${String(issue.minimum)}).`;
    case "too_big":
      return `This value is too big (maximum ${String(issue.maximum)}).`;
    case "invalid_value":
      return "The value you selected is not a valid choice.";
    default:
      return issue.message;
  }
}
