import { readCountryIso } from "./address";
import { buildCustomerExternalId, cleanText, readEmail } from "./contact";
import { formatCrmDateTime } from "./dates";
import { mapDeliveryToCrm } from "./order-delivery.to-crm";
import { mapLineItemsToCrm } from "./order-items.to-crm";
import { mapPaymentToCrm } from "./order-payment.to-crm";
import { checkOrderMappingSettings } from "./order-settings";
import type { OrderMappingSettings } from "./order-settings";
import { parseShopifyOrderPayload } from "./parse-shopify";
import { readPhone } from "./phone";
import { fail, succeed } from "./result";
import type { MapResult, MappingNote, MappingProblem } from "./result";
import { readShopifyId } from "./shopify-ids";
import { readShopifyOrderState } from "./shopify-states";
import type { CrmOrderEditInput, CrmOrderInput, ShopifyOrderPayload, ShopifyRestAddress } from "./types";

/**
 * Shopify order (orders/* webhook body) → RetailCRM order.
 *
 * - externalId: the numeric Shopify order id (exact digits of admin_graphql_api_id when present);
 *   number: the order name ("#1001").
 * - Buyer name, e-mail and phone: from the customer, else the shipping address, else the billing address,
 *   else the order's own e-mail and phone. A guest checkout has no customer reference.
 * - `customer: {externalId}` when the order has a customer: the processor creates that customer first.
 * - managerComment (the CRM's "Operator's comment"): the order note.
 * - status: settings.statusMap of the order's state (see readShopifyOrderState); cancelled orders get the
 *   cancelled status whatever else is true.
 * - countryIso: the shipping address country, else billing, else settings.defaultCountry.
 * - Items, delivery and payment: see mapLineItemsToCrm, mapDeliveryToCrm, mapPaymentToCrm.
 * - Dates are `Y-m-d H:i:s` in settings.crmTimeZone (UTC by default).
 *
 * Never throws: a malformed payload or unusable settings give problems.
 */
export function mapOrderToCrm(order: ShopifyOrderPayload, settings: OrderMappingSettings): MapResult<CrmOrderInput> {
  const settingsProblems = checkOrderMappingSettings(settings);
  if (settingsProblems.length > 0) return fail(settingsProblems);
  const parsed = parseShopifyOrderPayload(order);
  if (!parsed.ok) return parsed;
  const source = parsed.value;

  const problems: MappingProblem[] = [];
  const notes: MappingNote[] = [];
  const orderId = readShopifyId(source.id, source.admin_graphql_api_id);
  if (!orderId?.exact) {
    problems.push({
      path: "id",
      message:
        "The order id in this payload is too large to read exactly and it has no admin_graphql_api_id; the order was not sent so it cannot land in the CRM under a wrong id. Please report this to the app's support.",
    });
  }
  const customerReference = readCustomerReference(source, settings, problems);
  const items = mapLineItemsToCrm(source, notes, problems);
  if (!orderId?.exact || problems.length > 0) return fail(problems);

  const crm: CrmOrderInput = {
    externalId: orderId.id,
    orderMethod: settings.orderMethod,
    status: settings.statusMap[readShopifyOrderState(source)],
    items,
    payments: [],
  };
  const number = cleanText(source.name);
  if (number !== undefined) crm.number = number;
  const createdAt = formatCrmDateTime(source.created_at, settings.crmTimeZone);
  if (createdAt !== undefined) crm.createdAt = createdAt;
  const countryIso =
    readCountryIso(source.shipping_address?.country_code) ??
    readCountryIso(source.billing_address?.country_code) ??
    readCountryIso(settings.defaultCountry);
  if (countryIso !== undefined) crm.countryIso = countryIso;
  Object.assign(crm, readBuyer(source, settings, notes));
  if (customerReference !== undefined) crm.customer = { externalId: customerReference };
  if (source.note?.trim()) crm.managerComment = source.note;

  const delivery = mapDeliveryToCrm(source, settings, notes);
  if (delivery) crm.delivery = delivery;
  const payment = mapPaymentToCrm(source, orderId.id, settings, notes);
  if (payment) crm.payments.push(payment);
  return succeed(crm, notes);
}

export interface CrmOrderEditOptions {
  /**
   * The CRM status this app last sent for the order. When the mapped status is the same, it is left out, so
   * an unrelated Shopify update never moves back an order the CRM team has moved on.
   */
  readonly lastSentStatus?: string | null;
}

/**
 * What `orders/{externalId}/edit` receives: no createdAt (resending it adds history noise and can shift
 * the date), no payments (edit them through `orders/payments/{externalId}/edit` with the same externalId),
 * and no status when it has not changed since the last push.
 */
export function toCrmOrderEdit(input: CrmOrderInput, options: CrmOrderEditOptions = {}): CrmOrderEditInput {
  const { createdAt: _createdAt, payments: _payments, status, ...edit } = input;
  return options.lastSentStatus === status ? edit : { ...edit, status };
}

function readCustomerReference(
  order: ShopifyOrderPayload,
  settings: OrderMappingSettings,
  problems: MappingProblem[],
): string | undefined {
  if (!order.customer) return undefined;
  const customerId = readShopifyId(order.customer.id, order.customer.admin_graphql_api_id);
  if (!customerId?.exact) {
    problems.push({
      path: "customer.id",
      message:
        "The customer id in this order is too large to read exactly and it has no admin_graphql_api_id; the order was not sent so it is not linked to the wrong customer. Please report this to the app's support.",
    });
    return undefined;
  }
  return buildCustomerExternalId(customerId.id, settings.customerExternalIdPrefix);
}

type CrmBuyer = Pick<CrmOrderInput, "firstName" | "lastName" | "email" | "phone">;

function readBuyer(order: ShopifyOrderPayload, settings: OrderMappingSettings, notes: MappingNote[]): CrmBuyer {
  const buyer: CrmBuyer = {};
  const named = [
    { first: order.customer?.first_name, last: order.customer?.last_name },
    { first: order.shipping_address?.first_name, last: order.shipping_address?.last_name },
    { first: order.billing_address?.first_name, last: order.billing_address?.last_name },
  ].find((source) => cleanText(source.first) !== undefined || cleanText(source.last) !== undefined);
  const firstName = cleanText(named?.first);
  if (firstName !== undefined) buyer.firstName = firstName;
  const lastName = cleanText(named?.last);
  if (lastName !== undefined) buyer.lastName = lastName;

  const emailSources = [
    { value: order.customer?.email, path: "customer.email" },
    { value: order.email, path: "email" },
    { value: order.contact_email, path: "contact_email" },
  ];
  const rejectedEmails = new Set<string>();
  for (const source of emailSources) {
    const typed = cleanText(source.value);
    if (typed === undefined || rejectedEmails.has(typed)) continue;
    const email = readEmail(typed, source.path, notes);
    if (email !== undefined) {
      buyer.email = email;
      break;
    }
    rejectedEmails.add(typed);
  }

  const orderCountry = order.shipping_address?.country_code ?? order.billing_address?.country_code ?? settings.defaultCountry;
  const phoneSource = [
    { raw: order.customer?.phone, country: order.customer?.default_address?.country_code ?? orderCountry, path: "customer.phone" },
    { raw: order.shipping_address?.phone, country: countryOf(order.shipping_address) ?? orderCountry, path: "shipping_address.phone" },
    { raw: order.billing_address?.phone, country: countryOf(order.billing_address) ?? orderCountry, path: "billing_address.phone" },
    { raw: order.phone, country: orderCountry, path: "phone" },
  ].find((source) => cleanText(source.raw) !== undefined);
  const phone = phoneSource ? readPhone(phoneSource, notes) : undefined;
  if (phone !== undefined) buyer.phone = phone;
  return buyer;
}

function countryOf(address: ShopifyRestAddress | null | undefined): string | undefined {
  return cleanText(address?.country_code);
}
