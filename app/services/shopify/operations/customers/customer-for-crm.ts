import type { ShopifyCustomer } from "../../../../sync/mapping";
import type { ShopifyGraphql } from "../../admin-graphql";
import { buildUpdatedSinceQuery, MAILING_ADDRESS_FOR_CRM_FRAGMENT, type ShopifyPage } from "../shared";

/** How many of a customer's addresses are read for their phones; the default address is always read. */
export const CUSTOMER_ADDRESS_PAGE = 20;

/**
 * The customer as mapCustomerToCrm reads it, with what webhooks of API 2025-01+ no longer carry (tags, e-mail
 * consent) and every address phone. Cost per customer: 25 points (customer 1 + e-mail 1 + phone 1 + default
 * address 1 + addressesV2 2 + 20 × 1); scalars are free.
 */
const CUSTOMER_FOR_CRM_FRAGMENTS = `#graphql
  fragment CustomerForCrm on Customer {
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
      ...MailingAddressForCrm
    }
    addressesV2(first: $addresses) {
      nodes {
        ...MailingAddressForCrm
      }
    }
  }

${MAILING_ADDRESS_FOR_CRM_FRAGMENT}`;

/** One customer. Expected cost: 26 points. */
export const CUSTOMER_FOR_CRM_QUERY = `#graphql
  query CustomerForCrm($id: ID!, $addresses: Int!) {
    customer(id: $id) {
      ...CustomerForCrm
    }
  }
${CUSTOMER_FOR_CRM_FRAGMENTS}`;

/** Customers read per request, so one query stays well under Shopify's limit of 1 000 points. */
export const CUSTOMERS_PER_QUERY = 25;

/** Several customers at once (backlogs). Expected cost: 25 customers × 26 = 650 points. */
export const CUSTOMERS_FOR_CRM_QUERY = `#graphql
  query CustomersForCrm($ids: [ID!]!, $addresses: Int!) {
    nodes(ids: $ids) {
      ...CustomerForCrm
    }
  }
${CUSTOMER_FOR_CRM_FRAGMENTS}`;

/** Customers per page when paging the shop's customers (backfill): 25 × 26 = 650 points a page. */
export const CUSTOMERS_PER_PAGE = 25;

/** A page of customers updated since a date, oldest change first. Expected cost: 650 points. */
export const CUSTOMERS_PAGE_FOR_CRM_QUERY = `#graphql
  query CustomersPageForCrm($first: Int!, $after: String, $query: String, $addresses: Int!) {
    customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        ...CustomerForCrm
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
${CUSTOMER_FOR_CRM_FRAGMENTS}`;

export interface CustomerForCrmData {
  customer: ShopifyCustomer | null;
}

export interface CustomersForCrmData {
  /** A gid that is not a customer comes back as an empty object. */
  nodes: Array<Partial<ShopifyCustomer> | null>;
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

/** Customers by numeric id, 25 per request; ids Shopify no longer has are missing from the map. */
export async function fetchCustomersForCrm(
  graphql: ShopifyGraphql,
  customerIds: readonly string[],
  options: { signal?: AbortSignal } = {},
): Promise<Map<string, ShopifyCustomer>> {
  const found = new Map<string, ShopifyCustomer>();
  for (let start = 0; start < customerIds.length; start += CUSTOMERS_PER_QUERY) {
    const ids = customerIds.slice(start, start + CUSTOMERS_PER_QUERY);
    const data = await graphql<CustomersForCrmData>(
      CUSTOMERS_FOR_CRM_QUERY,
      { ids: ids.map(buildCustomerGid), addresses: CUSTOMER_ADDRESS_PAGE },
      options,
    );
    data.nodes.forEach((node, index) => {
      const id = ids[index];
      if (id !== undefined && typeof node?.id === "string") found.set(id, node as ShopifyCustomer);
    });
  }
  return found;
}

/** One page of the shop's customers changed at or after `since`, oldest change first. */
export async function fetchCustomersPageForCrm(
  graphql: ShopifyGraphql,
  input: { since: Date; after?: string | null },
  options: { signal?: AbortSignal } = {},
): Promise<ShopifyPage<ShopifyCustomer>> {
  const data = await graphql<{ customers: ShopifyPage<ShopifyCustomer> }>(
    CUSTOMERS_PAGE_FOR_CRM_QUERY,
    { first: CUSTOMERS_PER_PAGE, after: input.after ?? null, query: buildUpdatedSinceQuery(input.since), addresses: CUSTOMER_ADDRESS_PAGE },
    options,
  );
  return data.customers;
}
