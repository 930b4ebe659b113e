// Pieces the Shopify → CRM read operations share: the address fields, the page shape and the "changed since" search.

/**
 * A customer's or order's address as the CRM mapping reads it (type: ShopifyMailingAddress in app/sync/mapping).
 * Append it to a document that spreads `...MailingAddressForCrm`. Scalars only, so it adds no query cost.
 */
export const MAILING_ADDRESS_FOR_CRM_FRAGMENT = `
  fragment MailingAddressForCrm on MailingAddress {
    firstName
    lastName
    company
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

export interface ShopifyPage<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Shopify's search syntax for "changed at or after": `updated_at:>='2026-11-01T00:00:00Z'`. */
export function buildUpdatedSinceQuery(since: Date): string {
  return `updated_at:>='${since.toISOString()}'`;
}
