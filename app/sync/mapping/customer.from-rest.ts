import { parseShopifyRestCustomer } from "./parse-shopify";
import { fail, succeed } from "./result";
import type { MapResult } from "./result";
import { readShopifyId } from "./shopify-ids";
import type { ShopifyCustomer, ShopifyMailingAddress, ShopifyRestAddress, ShopifyRestCustomer } from "./types";

/**
 * Reads a customers/* webhook body (or the `customer` of an order) as the GraphQL-shaped ShopifyCustomer that
 * mapCustomerToCrm takes. Payloads of API 2025-01 and later carry no tags and no consent: those stay unknown
 * (null) and the mapper leaves them out instead of clearing them in the CRM. Prefer reading the customer
 * through GraphQL; use this when that is not possible.
 */
export function convertRestCustomer(rest: ShopifyRestCustomer): MapResult<ShopifyCustomer> {
  const parsed = parseShopifyRestCustomer(rest);
  if (!parsed.ok) return parsed;
  const source = parsed.value;
  const id = readShopifyId(source.id, source.admin_graphql_api_id);
  if (!id?.exact) {
    return fail([
      {
        path: "id",
        message:
          "The customer id in this payload is too large to read exactly and it has no admin_graphql_api_id; read the customer through the Admin API instead.",
      },
    ]);
  }
  const email = source.email ?? null;
  const consent = source.email_marketing_consent;
  return succeed({
    id: `gid://shopify/Customer/${id.id}`,
    firstName: source.first_name ?? null,
    lastName: source.last_name ?? null,
    defaultEmailAddress:
      email === null
        ? null
        : {
            emailAddress: email,
            marketingState: consent?.state ? consent.state.toUpperCase() : null,
            marketingUpdatedAt: consent?.consent_updated_at ?? null,
          },
    defaultPhoneNumber: source.phone ? { phoneNumber: source.phone } : null,
    defaultAddress: source.default_address ? convertRestAddress(source.default_address) : null,
    addressesV2: source.addresses ? { nodes: source.addresses.map(convertRestAddress) } : null,
    tags: source.tags === null || source.tags === undefined ? null : splitTags(source.tags),
    createdAt: source.created_at ?? null,
    updatedAt: source.updated_at ?? null,
  });
}

function convertRestAddress(address: ShopifyRestAddress): ShopifyMailingAddress {
  return {
    firstName: address.first_name ?? null,
    lastName: address.last_name ?? null,
    address1: address.address1 ?? null,
    address2: address.address2 ?? null,
    city: address.city ?? null,
    province: address.province ?? null,
    provinceCode: address.province_code ?? null,
    zip: address.zip ?? null,
    countryCodeV2: address.country_code ?? null,
    phone: address.phone ?? null,
  };
}

/** REST tags are one comma-separated string: "vip, wholesale". */
function splitTags(tags: string): string[] {
  return tags
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}
