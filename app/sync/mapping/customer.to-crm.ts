import { mapAddressToCrm, readMailingAddress } from "./address";
import { buildCustomerExternalId, cleanText, readEmail } from "./contact";
import { CRM_DEFAULT_TIME_ZONE, formatCrmDateTime, isValidTimeZone } from "./dates";
import { parseShopifyCustomer } from "./parse-shopify";
import { collectPhones } from "./phone";
import type { PhoneCandidate } from "./phone";
import { fail, succeed } from "./result";
import type { MapResult, MappingNote } from "./result";
import { readShopifyId } from "./shopify-ids";
import { readShopifyEmailMarketingState } from "./shopify-states";
import type { CrmCustomerEditInput, CrmCustomerInput, ShopifyCustomer } from "./types";

export interface CustomerMappingContext {
  /** Put in front of the Shopify customer id to make the CRM externalId (default: none). */
  readonly externalIdPrefix?: string;
  /** Region for phones whose address has no country, e.g. the shop's country. */
  readonly defaultCountry?: string;
  /** IANA timezone of the CRM account for `Y-m-d H:i:s` dates (default UTC). */
  readonly crmTimeZone?: string;
}

/**
 * Shopify customer (Admin GraphQL) → RetailCRM customer.
 *
 * - externalId: the numeric Shopify id, after the optional prefix.
 * - phones: the customer's own phone, then the phone of every address, as E.164, one entry per number.
 * - address: the default (delivery) address only; the CRM customer never gets a billing address.
 * - e-mail consent: SUBSCRIBED → subscribed; UNSUBSCRIBED → not subscribed since its date; other states →
 *   not subscribed. Left out when Shopify has no e-mail for the customer or tells us nothing about consent.
 * - tags and phones are left out when Shopify gave none, so an edit does not wipe what the CRM has.
 * - A customer with no name, e-mail or phone is still sent (the CRM allows it), with a note, because an
 *   order may need it and Shopify does not require any of them either.
 *
 * Never throws: bad input gives problems.
 */
export function mapCustomerToCrm(
  customer: ShopifyCustomer,
  ctx: CustomerMappingContext = {},
): MapResult<CrmCustomerInput> {
  const parsed = parseShopifyCustomer(customer);
  if (!parsed.ok) return parsed;
  const timeZone = ctx.crmTimeZone ?? CRM_DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) {
    return fail([
      {
        path: "settings.crmTimeZone",
        message: `"${timeZone}" is not a known timezone. Choose the CRM account's timezone (such as Europe/Berlin) on the Settings page.`,
      },
    ]);
  }
  const source = parsed.value;
  const shopifyId = readShopifyId(source.id);
  if (!shopifyId) {
    return fail([{ path: "id", message: "The customer has no Shopify id, so it cannot be matched in the CRM." }]);
  }

  const notes: MappingNote[] = [];
  const crm: CrmCustomerInput = {
    externalId: buildCustomerExternalId(shopifyId.id, ctx.externalIdPrefix),
  };
  const firstName = cleanText(source.firstName);
  if (firstName !== undefined) crm.firstName = firstName;
  const lastName = cleanText(source.lastName);
  if (lastName !== undefined) crm.lastName = lastName;
  const email = readEmail(source.defaultEmailAddress?.emailAddress, "defaultEmailAddress.emailAddress", notes);
  if (email !== undefined) {
    crm.email = email;
    Object.assign(crm, mapEmailConsent(source, timeZone, notes));
  }

  const phones = collectPhones(listCustomerPhones(source, ctx.defaultCountry), notes);
  if (phones.length > 0) crm.phones = phones.map((number) => ({ number }));

  const address = mapAddressToCrm(readMailingAddress(source.defaultAddress), "defaultAddress", notes);
  if (address) crm.address = address;

  if (source.tags) crm.tags = readTags(source.tags);
  const createdAt = formatCrmDateTime(source.createdAt, timeZone);
  if (createdAt !== undefined) crm.createdAt = createdAt;

  if (crm.firstName === undefined && crm.lastName === undefined && crm.email === undefined && !crm.phones) {
    notes.push({
      path: "",
      message:
        "This customer has no name, e-mail or phone in Shopify; it was sent to the CRM with its Shopify id only. Add contact details in Shopify to make it easy to find.",
    });
  }
  return succeed(crm, notes);
}

/** What `customers/{externalId}/edit` receives: createdAt is set once, on create. */
export function toCrmCustomerEdit(input: CrmCustomerInput): CrmCustomerEditInput {
  const { createdAt: _createdAt, ...edit } = input;
  return edit;
}

function listCustomerPhones(customer: ShopifyCustomer, defaultCountry: string | undefined): PhoneCandidate[] {
  const homeCountry = customer.defaultAddress?.countryCodeV2 ?? defaultCountry;
  const candidates: PhoneCandidate[] = [
    { raw: customer.defaultPhoneNumber?.phoneNumber, country: homeCountry, path: "defaultPhoneNumber.phoneNumber" },
    {
      raw: customer.defaultAddress?.phone,
      country: customer.defaultAddress?.countryCodeV2 ?? defaultCountry,
      path: "defaultAddress.phone",
    },
  ];
  customer.addressesV2?.nodes.forEach((address, index) => {
    candidates.push({
      raw: address.phone,
      country: address.countryCodeV2 ?? defaultCountry,
      path: `addressesV2.nodes[${index}].phone`,
    });
  });
  return candidates;
}

function mapEmailConsent(
  customer: ShopifyCustomer,
  timeZone: string,
  notes: MappingNote[],
): Pick<CrmCustomerInput, "subscribed" | "emailMarketingUnsubscribedAt"> {
  const typedState = customer.defaultEmailAddress?.marketingState;
  const state = readShopifyEmailMarketingState(typedState);
  switch (state) {
    case "subscribed":
      return { subscribed: true, emailMarketingUnsubscribedAt: null };
    case "unsubscribed": {
      const since = formatCrmDateTime(customer.defaultEmailAddress?.marketingUpdatedAt ?? customer.updatedAt, timeZone);
      return since === undefined ? { subscribed: false } : { subscribed: false, emailMarketingUnsubscribedAt: since };
    }
    case "not_subscribed":
    case "pending":
    case "invalid":
    case "redacted":
      return { subscribed: false };
    case "unknown":
      if (cleanText(typedState) !== undefined) {
        notes.push({
          path: "defaultEmailAddress.marketingState",
          message: `E-mail marketing state "${typedState}" is not known to this app; the customer's consent was left unchanged in the CRM.`,
        });
      }
      return {};
  }
}

function readTags(tags: readonly string[]): string[] {
  const unique: string[] = [];
  for (const tag of tags) {
    const name = tag.trim();
    if (name && !unique.includes(name)) unique.push(name);
  }
  return unique;
}
