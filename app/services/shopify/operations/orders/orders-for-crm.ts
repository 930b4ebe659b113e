import type { ShopifyMailingAddress } from "../../../../sync/mapping";
import type { ShopifyGraphql } from "../../admin-graphql";
import { buildUpdatedSinceQuery, MAILING_ADDRESS_FOR_CRM_FRAGMENT, type ShopifyPage } from "../shared";

// Orders as the Shopify → CRM sync needs them when no webhook carries them (backfill). The fields are the ones the
// orders/* webhook body gives the mapper; app/services/sync/order-from-graphql.ts turns a node into that shape.

/** Lines read per order; an order with more is reported by the backfill instead of being sent incomplete. */
export const ORDER_LINE_PAGE = 20;
/** Orders per page: at about 300 points each, a page stays under Shopify's limit of 1 000 points per query. */
export const ORDERS_PER_PAGE = 3;

/**
 * A page of orders updated since a date, oldest change first. Expected (requested) cost: 902 points for 3 orders
 * (per order: itself and its customer and addresses ~12, lineItems 2 + 20 × 7, shippingLines 2 + 5 × 8, refunds
 * 5 × (2 + 10 × 2)); the actual cost of ordinary orders is a fraction of that, and the bucket refills by it.
 */
export const ORDERS_PAGE_FOR_CRM_QUERY = `#graphql
  query OrdersPageForCrm($first: Int!, $after: String, $query: String, $lines: Int!) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        id
        legacyResourceId
        name
        email
        phone
        note
        createdAt
        updatedAt
        processedAt
        cancelledAt
        displayFinancialStatus
        displayFulfillmentStatus
        currencyCode
        taxesIncluded
        paymentGatewayNames
        discountCodes
        totalPriceSet { shopMoney { amount } }
        currentTotalPriceSet { shopMoney { amount } }
        totalOutstandingSet { shopMoney { amount } }
        customer {
          id
          firstName
          lastName
          defaultEmailAddress { emailAddress }
          defaultPhoneNumber { phoneNumber }
          defaultAddress { ...MailingAddressForCrm }
        }
        shippingAddress { ...MailingAddressForCrm }
        billingAddress { ...MailingAddressForCrm }
        lineItems(first: $lines) {
          pageInfo { hasNextPage }
          nodes {
            id
            name
            title
            variantTitle
            sku
            quantity
            currentQuantity
            variant { id }
            product { id }
            originalUnitPriceSet { shopMoney { amount } }
            discountAllocations { allocatedAmountSet { shopMoney { amount } } }
            taxLines { priceSet { shopMoney { amount } } }
          }
        }
        shippingLines(first: 5) {
          nodes {
            title
            code
            source
            isRemoved
            originalPriceSet { shopMoney { amount } }
            discountedPriceSet { shopMoney { amount } }
            taxLines { priceSet { shopMoney { amount } } }
          }
        }
        refunds(first: 5) {
          refundLineItems(first: 10) {
            nodes {
              quantity
              lineItem { id }
            }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }

${MAILING_ADDRESS_FOR_CRM_FRAGMENT}`;

type Money = { shopMoney: { amount: string } };

/** One node of OrdersPageForCrm. */
export interface ShopifyGraphqlOrder {
  id: string;
  legacyResourceId: string;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  currencyCode: string;
  taxesIncluded: boolean;
  paymentGatewayNames: string[];
  discountCodes: string[];
  totalPriceSet: Money;
  currentTotalPriceSet: Money;
  totalOutstandingSet: Money;
  customer: {
    id: string;
    firstName: string | null;
    lastName: string | null;
    defaultEmailAddress: { emailAddress: string | null } | null;
    defaultPhoneNumber: { phoneNumber: string | null } | null;
    defaultAddress: ShopifyMailingAddress | null;
  } | null;
  shippingAddress: ShopifyMailingAddress | null;
  billingAddress: ShopifyMailingAddress | null;
  lineItems: {
    pageInfo: { hasNextPage: boolean };
    nodes: Array<{
      id: string;
      name: string;
      title: string;
      variantTitle: string | null;
      sku: string | null;
      quantity: number;
      currentQuantity: number;
      variant: { id: string } | null;
      product: { id: string } | null;
      originalUnitPriceSet: Money;
      discountAllocations: Array<{ allocatedAmountSet: Money }>;
      taxLines: Array<{ priceSet: Money }>;
    }>;
  };
  shippingLines: {
    nodes: Array<{
      title: string;
      code: string | null;
      source: string | null;
      isRemoved: boolean;
      originalPriceSet: Money;
      discountedPriceSet: Money;
      taxLines: Array<{ priceSet: Money }>;
    }>;
  };
  refunds: Array<{ refundLineItems: { nodes: Array<{ quantity: number; lineItem: { id: string } }> } }>;
}

export async function fetchOrdersPageForCrm(
  graphql: ShopifyGraphql,
  input: { since: Date; after?: string | null },
  options: { signal?: AbortSignal } = {},
): Promise<ShopifyPage<ShopifyGraphqlOrder>> {
  const data = await graphql<{ orders: ShopifyPage<ShopifyGraphqlOrder> }>(
    ORDERS_PAGE_FOR_CRM_QUERY,
    { first: ORDERS_PER_PAGE, after: input.after ?? null, query: buildUpdatedSinceQuery(input.since), lines: ORDER_LINE_PAGE },
    options,
  );
  return data.orders;
}
