import type { ShopifyCustomer } from "../../../../sync/mapping";
import type { ShopifyGraphql } from "../../admin-graphql";

/** How many of a customer's addresses are read for their phones; the default address is always read. */
export const CUSTOMER_ADDRESS_PAGE = 20;

/**
 * The current customer, with what webhooks of API 2025-01+ no longer carry (tags, e-mail consent) and every
 * address phone. Expected cost: 26 points (customer 1 + e-mail 1 + phone 1 + default address 1 +
 * addressesV2 2 + 20 × 1); scalars are free.
 */
export const CUSTOMER_FOR_CRM_QUERY = `#graphql
  query CustomerForCrm($id: ID!, $addresses: Int!) {
    customer(id: $id) {
      id
      firstName
      lastName
      tags
      createdAt
      updatedAt
      defaultEmailAddress {
        emailAddress
        marketingState
        marketingUpdatedAt
      }
      defaultPhoneNumber {
        phoneNumber
      }
      defaultAddress {
        ...CustomerForCrmAddress
      }
      addressesV2(first: $addresses) {
        nodes {
          ...CustomerForCrmAddress
        }
      }
    }
  }

  fragment CustomerForCrmAddress on MailingAddress {
    firstName
    lastName
    address1
    address2
    city
    province
    provinceCode
    zip
    countryCodeV2
    phone
  }
`;

export interface CustomerForCrmData {
  customer: ShopifyCustomer | null;
}

export function buildCustomerGid(customerId: string): string {
  return `gid://shopify/Customer/${customerId}`;
}

/** The customer as mapCustomerToCrm reads it, or null when Shopify has no such customer (deleted since). */
export async function fetchCustomerForCrm(
  graphql: ShopifyGraphql,
  customerId: string,
  options: { signal?: AbortSignal } = {},
): Promise<ShopifyCustomer | null> {
  const data = await graphql<CustomerForCrmData>(
    CUSTOMER_FOR_CRM_QUERY,
    { id: buildCustomerGid(customerId), addresses: CUSTOMER_ADDRESS_PAGE },
    options,
  );
  return data.customer;
}
